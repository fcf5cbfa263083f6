using System;
using System.Collections.Generic;

namespace CnnDsl.Training;

/// <summary>
/// The registry of training kernels (forward and backward) keyed by <see cref="Op"/>: one file per operation.
/// Fused batch norms and activations are stages of every node (<see cref="BatchNormStage"/>, <see cref="ActivationStage"/>),
/// so the standalone <see cref="Op.BatchNorm"/> and <see cref="Op.Activation"/> nodes, and <see cref="Op.Flatten"/>
/// (no data movement in NHWC), have an identity operation before them.
/// </summary>
public static class TrainingKernels
{
    private static readonly Dictionary<Op, Func<KernelSetup, OperationKernel>> Factories = new()
    {
        [Op.Input] = s => new InputKernel(s),
        [Op.Conv] = s => new ConvolutionKernel(s),
        [Op.DepthwiseConv] = s => new DepthwiseConvolutionKernel(s),
        [Op.MaxPool] = s => new MaxPoolKernel(s),
        [Op.AvgPool] = s => new AvgPoolKernel(s),
        [Op.GlobalAvgPool] = s => new GlobalAvgPoolKernel(s),
        [Op.Dense] = s => new DenseKernel(s),
        [Op.Flatten] = s => new IdentityKernel(s),
        [Op.BatchNorm] = s => new IdentityKernel(s),
        [Op.Activation] = s => new IdentityKernel(s),
        [Op.Dropout] = s => new DropoutKernel(s),
        [Op.Add] = s => new AddKernel(s),
        [Op.Concat] = s => new ConcatKernel(s),
        [Op.Scale] = s => new ScaleKernel(s),
    };

    /// <summary>Whether training supports <paramref name="op"/> (forward and backward).</summary>
    public static bool Supports(Op op) => Factories.ContainsKey(op);

    internal static OperationKernel Create(KernelSetup setup)
        => Factories.TryGetValue(setup.Node.Info.Op, out var factory)
            ? factory(setup)
            : throw new NotSupportedException($"Node '{setup.Node.Info.Name}': training does not support operation {setup.Node.Info.Op}.");
}
