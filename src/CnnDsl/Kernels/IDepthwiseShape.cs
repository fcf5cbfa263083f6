using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The constant shape of one depthwise convolution run by <see cref="DepthwiseKernel"/>, written by the generator as a
/// struct per distinct layer: as a type argument, every member is a constant to the JIT. Tensors are NHWC with
/// <see cref="Channels"/> floats per position. Members with a default (stride and dilation 1, no padding) are written
/// only where the layer differs, to keep the generated source short; a default is a constant to the JIT as well.
/// For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IDepthwiseShape
{
    /// <summary>Channels of the input and of the output.</summary>
    static abstract int Channels { get; }

    /// <summary>Input rows.</summary>
    static abstract int InHeight { get; }

    /// <summary>Input columns.</summary>
    static abstract int InWidth { get; }

    /// <summary>Output columns (the output rows are the range the caller passes).</summary>
    static abstract int OutWidth { get; }

    /// <summary>
    /// Output rows, which training's input gradient reads as its input's (<see cref="CnnDsl.Training.DepthwiseTraining{TShape}"/>);
    /// -1 in code generated before training named the shape, which inference never asks.
    /// </summary>
    static virtual int OutHeight => -1;

    /// <summary>Kernel rows.</summary>
    static abstract int KernelH { get; }

    /// <summary>Kernel columns.</summary>
    static abstract int KernelW { get; }

    /// <summary>Input rows between output rows.</summary>
    static virtual int StrideH => 1;

    /// <summary>Input columns between output columns.</summary>
    static virtual int StrideW => 1;

    /// <summary>Input rows between kernel rows.</summary>
    static virtual int DilationH => 1;

    /// <summary>Input columns between kernel columns.</summary>
    static virtual int DilationW => 1;

    /// <summary>Zero rows above the input.</summary>
    static virtual int PadTop => 0;

    /// <summary>Zero columns left of the input.</summary>
    static virtual int PadLeft => 0;
}
