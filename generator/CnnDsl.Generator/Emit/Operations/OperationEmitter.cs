using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using CnnDsl.Generator.Emit.Training;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// The code of one primitive operation, beside its definition in <c>Shared/Operations</c>: the packed weights it
/// keeps, how the constructor packs them, its forward layer method, its row of the runtime <c>Graph</c>, and its
/// generated training layer where it has one (<see cref="TrainingLayer"/>). <see cref="OperationEmitters"/> lists them all.
/// </summary>
internal abstract class OperationEmitter
{
    /// <summary>Fields the layer method reads (packed once by the constructor), e.g. <c>_weights3, _shifts3</c>.</summary>
    public virtual IEnumerable<string> Fields(Node node) { yield break; }

    /// <summary>Constructor statements that pack the node's weights (batch norms folded in).</summary>
    public virtual void EmitPacking(IndentedWriter w, Node node, NodePlan plan, NetworkModel model) { }

    /// <summary>
    /// What the node passes its layer method, in parameter order: arena offsets and packed weights, the only things
    /// that differ between nodes of equal <see cref="LayerGeometry"/> (which share the method). By default its
    /// input's offset and its output's.
    /// </summary>
    public virtual IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
    {
        yield return Operand.Tensor("input", inference.Nodes[node.Inputs[0]].Offset, plan.InputFromCaller ? InferenceNames.NetworkInput : null);
        yield return Operand.Tensor("output", plan.Offset, plan.OutputToCaller ? InferenceNames.NetworkOutput : null);
    }

    /// <summary>
    /// The body of the node's layer method (the method header and its opening comment are written by the caller). It
    /// reads the arena and weights only through its <see cref="Operands"/> (<see cref="InferenceNames.Arena"/>,
    /// <see cref="InferenceNames.Packed"/>), and otherwise only what the node's <see cref="LayerGeometry"/> holds.
    /// </summary>
    public abstract void EmitForward(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes);

    /// <summary>Methods the layer method calls (written after it).</summary>
    public virtual void EmitHelpers(IndentedWriter w, Node node, NodePlan plan) { }

    /// <summary>The fields of the node's <c>Graph</c> row beyond its operation, inputs and shapes (see <c>NodeInfoFields</c>).</summary>
    public virtual IEnumerable<string> NodeInfo(Node node) { yield break; }

    /// <summary>
    /// The node's training layer: a runtime <c>TrainingLayer</c> instantiated with the constant shape struct of the
    /// node's layer method (<paramref name="method"/>, whose struct the layer class declares), so one struct per
    /// distinct geometry serves inference and training. Null where the trainer's own kernels run the node.
    /// </summary>
    public virtual TrainingLayerCode? TrainingLayer(Node node, NodePlan plan, Node method) => null;

    protected static string Int(long value) => CSharpLiteral.Long(value);
}

/// <summary>An emitter that reads its own operation's arguments.</summary>
internal abstract class OperationEmitter<TOperation> : OperationEmitter where TOperation : Operation
{
    public sealed override IEnumerable<string> Fields(Node node) => Fields(node, (TOperation)node.Operation);

    public sealed override void EmitPacking(IndentedWriter w, Node node, NodePlan plan, NetworkModel model)
        => EmitPacking(w, node, (TOperation)node.Operation, plan, model);

    public sealed override void EmitForward(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
        => EmitForward(w, node, (TOperation)node.Operation, plan, inference, nodes);

    public sealed override void EmitHelpers(IndentedWriter w, Node node, NodePlan plan) => EmitHelpers(w, node, (TOperation)node.Operation, plan);

    public sealed override IEnumerable<string> NodeInfo(Node node) => NodeInfo(node, (TOperation)node.Operation);

    public sealed override TrainingLayerCode? TrainingLayer(Node node, NodePlan plan, Node method) => TrainingLayer(node, (TOperation)node.Operation, plan, method);

    protected virtual IEnumerable<string> Fields(Node node, TOperation op) { yield break; }

    protected virtual void EmitPacking(IndentedWriter w, Node node, TOperation op, NodePlan plan, NetworkModel model) { }

    protected abstract void EmitForward(IndentedWriter w, Node node, TOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes);

    protected virtual void EmitHelpers(IndentedWriter w, Node node, TOperation op, NodePlan plan) { }

    protected virtual IEnumerable<string> NodeInfo(Node node, TOperation op) { yield break; }

    protected virtual TrainingLayerCode? TrainingLayer(Node node, TOperation op, NodePlan plan, Node method) => null;
}
