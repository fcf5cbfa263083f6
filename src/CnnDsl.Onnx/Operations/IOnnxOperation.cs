using System.Collections.Generic;
using Onnx;

namespace CnnDsl.Onnx;

/// <summary>
/// Everything CnnDsl.Onnx knows about one primitive operation (<see cref="Op"/>): how it is written to ONNX, how it
/// is found again in an ONNX graph on import, and which ONNX nodes the scaffolder turns into its layer. Every
/// <see cref="Op"/> value has exactly one, listed in <see cref="OnnxOperations"/> (a test checks the list is complete).
/// </summary>
internal interface IOnnxOperation
{
    /// <summary>The operation this describes.</summary>
    Op Op { get; }

    /// <summary>
    /// ONNX operator types that the scaffolder starts this operation's layer from (empty when it has no node of its
    /// own, e.g. the input). Operations sharing a type share the code that scaffolds it.
    /// </summary>
    IReadOnlyList<string> ScaffoldedFrom { get; }

    /// <summary>Writes the node's operation (without its fused batch norm and activation); returns its NCHW output value.</summary>
    string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs);

    /// <summary>
    /// Finds the ONNX nodes computing <paramref name="node"/> (with its batch norm and activation) from the values
    /// already matched to its inputs, stages its weights, adds what it consumed to <paramref name="covered"/>, and
    /// returns the ONNX value that holds its output. Throws <see cref="WeightsMismatchException"/> naming the layer.
    /// </summary>
    string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered);

    /// <summary>
    /// The layer that ONNX <paramref name="node"/> (reading <paramref name="value"/>, with the nodes that fold into
    /// it) becomes, appended to <paramref name="items"/>; returns the value after it. A node the DSL cannot express
    /// is passed to <see cref="OnnxScaffoldWalker.Unexpressible"/>.
    /// </summary>
    string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items);
}

/// <summary>An operation that joins branches (Add, Concat, Scale): the scaffolder meets it at the end of a fork.</summary>
internal interface IOnnxMergeOperation : IOnnxOperation
{
    /// <summary>
    /// The item for a fork at <paramref name="fork"/> whose branches meet in <paramref name="merge"/> (branches in
    /// the merge's input order, with their output shapes); returns the value after it.
    /// </summary>
    string ScaffoldMerge(OnnxScaffoldWalker walker, NodeProto merge, string fork, IReadOnlyList<ScaffoldBranch> branches, List<ScaffoldItem> items);
}
