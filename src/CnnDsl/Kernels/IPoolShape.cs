using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The constant shape of one max or average pooling layer run by <see cref="PoolKernel"/>, written by the generator as
/// a struct per distinct layer: as a type argument, every member is a constant to the JIT. Tensors are NHWC with
/// <see cref="Channels"/> floats per position. Members with a default (stride 1, no padding, padding not counted) are
/// written only where the layer differs. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IPoolShape
{
    /// <summary>Channels of the input and of the output.</summary>
    static abstract int Channels { get; }

    /// <summary>Input rows.</summary>
    static abstract int InHeight { get; }

    /// <summary>Input columns.</summary>
    static abstract int InWidth { get; }

    /// <summary>Output columns (the output rows are the range the caller passes).</summary>
    static abstract int OutWidth { get; }

    /// <summary>Window rows.</summary>
    static abstract int KernelH { get; }

    /// <summary>Window columns.</summary>
    static abstract int KernelW { get; }

    /// <summary>Input rows between output rows.</summary>
    static virtual int StrideH => 1;

    /// <summary>Input columns between output columns.</summary>
    static virtual int StrideW => 1;

    /// <summary>Padding rows above the input.</summary>
    static virtual int PadTop => 0;

    /// <summary>Padding columns left of the input.</summary>
    static virtual int PadLeft => 0;

    /// <summary>Whether an average divides by the whole window, padding included (ONNX <c>count_include_pad</c>), rather than by the positions inside the input.</summary>
    static virtual bool CountIncludePad => false;
}
