namespace CnnDsl.Training;

/// <summary>
/// One graph node as the training memory planner sees it: its operation, inputs (earlier nodes), values per image,
/// whether a batch norm runs after the operation (fused, or the standalone operation), its activation and what trains.
/// In training each node runs its operation (into its core buffer), then its batch norm (into the normalized buffer),
/// then its activation (into its output); a buffer is the previous one when its stage runs in place.
/// </summary>
internal sealed class PlanStep
{
    public PlanStep(Op op, int[] inputs, int length, bool batchNorm, Act act, TrainedParts trains)
    {
        Op = op;
        Inputs = inputs;
        Length = length;
        BatchNorm = batchNorm;
        Act = act;
        Trains = trains;
    }

    public Op Op { get; }
    public int[] Inputs { get; }
    /// <summary>Floats per image of the node's output.</summary>
    public int Length { get; }
    public bool BatchNorm { get; }
    public Act Act { get; }
    public TrainedParts Trains { get; }
}
