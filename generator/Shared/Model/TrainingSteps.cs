using CnnDsl.Training;

namespace CnnDsl.Model;

/// <summary>The lowered graph as the training memory planner sees it, with the definition's frozen layers.</summary>
internal static class TrainingSteps
{
    public static PlanStep[] For(NetworkModel model)
    {
        var steps = new PlanStep[model.Nodes.Count];
        foreach (var node in model.Nodes)
        {
            // Weights and biases, and batch-norm scale and shift, are counted apart by each operation: a node with
            // weights trains them (and reads its input for their gradient); one with a batch norm normalizes with batch statistics.
            var trains = TrainedParts.None;
            if (node.Trainable && node.Parameters > 0) trains |= TrainedParts.Some | TrainedParts.Weight;
            if (node.Trainable && node.BatchNormParameters > 0) trains |= TrainedParts.Some | TrainedParts.BatchNorm;
            var inputs = new int[node.Inputs.Count];
            for (int k = 0; k < inputs.Length; k++) inputs[k] = node.Inputs[k];
            steps[node.Id] = new PlanStep(node.Op, inputs, checked((int)node.Output.Elements), node.BatchNormParameters > 0, node.Act, trains);
        }
        return steps;
    }
}
