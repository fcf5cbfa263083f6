using System;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A run of one image's positions of a pointwise layer's weight gradient, dW[o, i] = sum over positions p of
/// dy[p, o] x[p, i], as <see cref="ConvKernel"/> walks it: its rows are quads of output channels o (a row of
/// <see cref="ConvKernel.Pixels"/> columns, one register tile), their dy packed quad by quad ([quad][p][4], so that a
/// tile reads one contiguous run instead of a cache line per position of dy's rows, whose power-of-two strides thrashed
/// the first-level cache); its channel vectors the input channels i, the run's rows of x packed as the kernel's weights
/// (<see cref="PairedBlocks"/>, tap = position); its output dW itself (OIHW, a row of input channels per output
/// channel). Every sum starts from what dW holds (<see cref="IConvShape.Accumulates"/>), so the runs of a batch, called
/// in position order, add up each sum over the whole batch's positions in order. A run takes <see cref="Length"/>
/// positions (its packed x and dy share a thread's scratch; its taps, under the kernel's part size, are summed in one
/// sweep); an image's last positions past whole runs are the tail's run.
/// </summary>
/// <typeparam name="TShape">The layer's generated inference shape (its positions per image, input and output channels).</typeparam>
/// <typeparam name="TPart">Whether this is a whole run or the tail's.</typeparam>
internal readonly struct PointwiseWeightChunk<TShape, TPart> : IConvShape where TShape : struct, IConvShape where TPart : struct, IChunkPart
{
    /// <summary>The most positions a run takes: a tile's packed dy and a pair's packed x (a line per position) fit L1 together.</summary>
    private const int MostPositions = 128;

    /// <summary>Floats a run's packed x takes per position at most (its channels in whole blocks of the widest vector).</summary>
    public static int XPitch => (TShape.Taps + Simd.MaxLanes - 1) / Simd.MaxLanes * Simd.MaxLanes;

    /// <summary>Output channels in whole quads.</summary>
    public static int Quads => (TShape.GroupOutChannels + ConvKernel.Pixels - 1) / ConvKernel.Pixels;

    /// <summary>Where a run's packed dy starts in the scratch: past its packed x and the kernel's slack, on a cache line.</summary>
    public static int DyOffset => Length * XPitch + 2 * Simd.MaxLanes;

    /// <summary>Positions per whole run: fewer for wide layers, whose packed run must fit the scratch (0: the layer is too wide).</summary>
    public static int Length => Math.Min(MostPositions, (TrainingLayer.PackedRunFloats - 2 * Simd.MaxLanes) / (XPitch + Quads * ConvKernel.Pixels));

    private static int Positions => TPart.Tail ? TShape.Columns % Length : Length;

    public static int Columns => ConvKernel.Pixels;
    public static int RowStep => ConvKernel.Pixels * Positions;
    public static int ColumnStep => 1;
    public static int SegmentRows => Positions;
    public static int SegmentRowStep => ConvKernel.Pixels;
    public static int Run => 1;
    public static int Taps => Positions;
    public static int OutChannels => TShape.Taps;
    public static int GroupInChannels => ConvKernel.Pixels;
    public static int GroupOutChannels => TShape.Taps;
    public static int Stride => TShape.Taps;
    public static bool Accumulates => true;
}

/// <summary>Which run of an image's positions a <see cref="PointwiseWeightChunk{TShape, TPart}"/> is.</summary>
internal interface IChunkPart
{
    /// <summary>Whether the run is the image's tail (positions past its whole runs) rather than a whole run.</summary>
    static abstract bool Tail { get; }
}

/// <summary>A whole run of positions.</summary>
internal readonly struct WholeChunk : IChunkPart
{
    public static bool Tail => false;
}

/// <summary>An image's positions past its whole runs.</summary>
internal readonly struct TailChunk : IChunkPart
{
    public static bool Tail => true;
}
