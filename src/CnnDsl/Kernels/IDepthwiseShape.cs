using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The constant shape of one depthwise convolution run by <see cref="DepthwiseKernel"/>, written by the generator as a
/// struct per distinct layer: as a type argument, every member is a constant to the JIT. Tensors are NHWC with
/// <see cref="Channels"/> floats per position. For generated code only.
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

    /// <summary>Kernel rows.</summary>
    static abstract int KernelH { get; }

    /// <summary>Kernel columns.</summary>
    static abstract int KernelW { get; }

    /// <summary>Input rows between output rows.</summary>
    static abstract int StrideH { get; }

    /// <summary>Input columns between output columns.</summary>
    static abstract int StrideW { get; }

    /// <summary>Input rows between kernel rows.</summary>
    static abstract int DilationH { get; }

    /// <summary>Input columns between kernel columns.</summary>
    static abstract int DilationW { get; }

    /// <summary>Zero rows above the input.</summary>
    static abstract int PadTop { get; }

    /// <summary>Zero columns left of the input.</summary>
    static abstract int PadLeft { get; }
}
