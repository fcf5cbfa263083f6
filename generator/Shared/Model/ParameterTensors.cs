using System.Collections.Generic;
using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// The canonical parameter tensors of a node, named and shaped as ONNX and PyTorch store them (each operation
/// defines its own). One definition for the generated weights type, import and export.
/// </summary>
internal static class ParameterTensors
{
    public static IEnumerable<ParameterTensor> For(Node node) => node.Operation.Tensors(node.Name, node.Input);
}
