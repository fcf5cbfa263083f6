using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The constant shape of one convolution or dense layer run by <see cref="ConvKernel"/>, written by the generator as
/// a struct per distinct layer: as a type argument, every member is a constant to the JIT. Distances are in floats.
/// Members with a default (a standard convolution's, or a distance the kernel never multiplies by more than zero:
/// <see cref="RowStep"/> of a flat layer, a step between segments when there is one segment) are written only
/// where the layer differs, to keep the generated source short. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IConvShape
{
    /// <summary>Whether the layer is one run of positions (1x1 stride 1 unpadded, or dense) rather than rows of columns.</summary>
    static virtual bool Flat => false;

    /// <summary>Output columns per row (a flat layer: its positions).</summary>
    static abstract int Columns { get; }

    /// <summary>Input floats between output rows (0 for a flat layer).</summary>
    static virtual int RowStep => 0;

    /// <summary>Input floats between output columns (positions).</summary>
    static abstract int ColumnStep { get; }

    /// <summary>Kernel rows walked as segments.</summary>
    static virtual int SegmentRows => 1;

    /// <summary>Segments per kernel row: 1 when a row's taps are contiguous, else its taps (dilated or grouped).</summary>
    static virtual int SegmentColumns => 1;

    /// <summary>Input floats between the segments of consecutive kernel rows.</summary>
    static virtual int SegmentRowStep => 0;

    /// <summary>Input floats between the segments of one kernel row.</summary>
    static virtual int SegmentColumnStep => 0;

    /// <summary>Contiguous taps per segment.</summary>
    static abstract int Run { get; }

    /// <summary>Taps per output channel of a group (kH x kW x its input channels).</summary>
    static abstract int Taps { get; }

    /// <summary>The output's channels (the residual's floats per position).</summary>
    static abstract int OutChannels { get; }

    /// <summary>Groups (1 for a standard convolution).</summary>
    static virtual int Groups => 1;

    /// <summary>Input channels per group.</summary>
    static abstract int GroupInChannels { get; }

    /// <summary>Output channels per group.</summary>
    static abstract int GroupOutChannels { get; }

    /// <summary>Output floats between positions (more than the channels when writing a concatenation's slice).</summary>
    static abstract int Stride { get; }

    /// <summary>Whether a residual tensor is added after the activation.</summary>
    static virtual bool Residual => false;

    /// <summary>
    /// Whether every sum starts from what the output holds rather than from the shifts: a product whose sums run over
    /// more taps than one call takes, called once per run of taps in order (a weight gradient's positions, in training).
    /// </summary>
    static virtual bool Accumulates => false;
}
