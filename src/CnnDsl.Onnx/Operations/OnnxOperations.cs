using System;
using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Onnx;

/// <summary>The registry: one <see cref="IOnnxOperation"/> per <see cref="Op"/> value.</summary>
internal static class OnnxOperations
{
    /// <summary>Every operation, one per <see cref="Op"/> value (a new operation adds its line here).</summary>
    public static readonly IReadOnlyList<IOnnxOperation> All =
    [
        new InputOperation(),
        new ConvOperation(Op.Conv),
        new ConvOperation(Op.DepthwiseConv),
        new PoolOperation(Op.MaxPool),
        new PoolOperation(Op.AvgPool),
        new GlobalAvgPoolOperation(),
        new DenseOperation(),
        new FlattenOperation(),
        new BatchNormOperation(),
        new ActivationOperation(),
        new DropoutOperation(),
        new MergeOperation(Op.Add),
        new MergeOperation(Op.Concat),
        new ScaleOperation(),
    ];

    private static readonly Dictionary<Op, IOnnxOperation> ByOp = All.ToDictionary(o => o.Op);

    private static readonly Dictionary<string, IOnnxOperation> ByOnnxType = ScaffoldIndex();

    /// <summary>The operation of <paramref name="op"/>.</summary>
    public static IOnnxOperation For(Op op)
        => ByOp.TryGetValue(op, out var operation) ? operation : throw new NotSupportedException($"CnnDsl.Onnx has no operation for {op} (OnnxOperations.All is missing it).");

    /// <summary>The operation that scaffolds ONNX nodes of <paramref name="onnxType"/>, or null when none does.</summary>
    public static IOnnxOperation? Scaffolding(string onnxType) => ByOnnxType.GetValueOrDefault(onnxType);

    private static Dictionary<string, IOnnxOperation> ScaffoldIndex()
    {
        var index = new Dictionary<string, IOnnxOperation>(StringComparer.Ordinal);
        foreach (var operation in All)
        {
            foreach (string type in operation.ScaffoldedFrom) index.TryAdd(type, operation);
        }
        return index;
    }
}
