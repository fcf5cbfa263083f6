using System;

namespace CnnDsl.Training;

/// <summary>
/// A thread's scratch for one chunk of a convolution's weight gradient (<see cref="ConvolutionKernel"/>): up to
/// <see cref="Positions"/> output positions as row segments, dy's output block per position in contiguous rows (up to 64),
/// each segment's stretch of input pixels (zeros in the padding) in <see cref="X"/>, and the positions' offsets into
/// both for the indirect product. Fixed sizes, so a step allocates nothing after a thread's first.
/// </summary>
internal sealed class WeightGradientChunk
{
    /// <summary>Output positions per chunk: their dy block (64 channels, 32 KB) stays in the first-level cache.</summary>
    public const int Positions = 128;

    /// <summary>Floats of input pixels per chunk (128 KB: a second-level cache's share).</summary>
    public const int XCapacity = 32 * 1024;

    /// <summary>The widest dy row: an output block's channels.</summary>
    public const int DyRow = 64;

    private readonly int[] _segments = new int[6 * Positions];

    public float[] X { get; } = new float[XCapacity];
    public float[] Dy { get; } = new float[Positions * DyRow + PanelProduct.Slack];
    public ProductPositions List { get; } = new(Positions);

    /// <summary>Positions taken.</summary>
    public int Count { get; private set; }

    /// <summary>Row segments taken.</summary>
    public int Segments { get; private set; }

    /// <summary>Floats of <see cref="X"/> taken.</summary>
    public int XUsed { get; private set; }

    public void Clear() => Count = Segments = XUsed = 0;

    /// <summary>Takes output columns [<paramref name="first"/>, <paramref name="last"/>) of image n's row oy (input row iy), with <paramref name="xLength"/> floats of x scratch.</summary>
    public void AddSegment(int n, int oy, int iy, int first, int last, int xLength)
    {
        if (last <= first || Count + last - first > Positions || XUsed + xLength > XCapacity)
            throw new ArgumentOutOfRangeException(nameof(last), "The segment does not fit the chunk.");
        int at = 6 * Segments++;
        (_segments[at], _segments[at + 1], _segments[at + 2], _segments[at + 3], _segments[at + 4], _segments[at + 5]) = (n, oy, iy, first, last, XUsed);
        Count += last - first;
        XUsed += xLength;
    }

    /// <summary>Segment s: image, output row, input row, first and last output column, where its input pixels start in <see cref="X"/>.</summary>
    public (int N, int Oy, int Iy, int First, int Last, int XAt) Segment(int s)
    {
        int at = 6 * s;
        return (_segments[at], _segments[at + 1], _segments[at + 2], _segments[at + 3], _segments[at + 4], _segments[at + 5]);
    }
}
