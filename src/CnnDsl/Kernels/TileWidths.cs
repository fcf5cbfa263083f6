namespace CnnDsl.Kernels;

/// <summary>A register tile's output positions, as a type argument so that each width is its own instantiation.</summary>
internal interface ITilePixels
{
    static abstract int Value { get; }
}

/// <summary>A register tile's channel vectors: two, or one for the odd last block.</summary>
internal interface ITileVectors
{
    static abstract bool Two { get; }
}

internal readonly struct OneVector : ITileVectors { public static bool Two => false; }

internal readonly struct TwoVectors : ITileVectors { public static bool Two => true; }

/// <summary>The tile widths <see cref="ConvKernel"/> uses: 1 to 12 positions.</summary>
internal static class TilePixels
{
    public readonly struct P1 : ITilePixels { public static int Value => 1; }
    public readonly struct P2 : ITilePixels { public static int Value => 2; }
    public readonly struct P3 : ITilePixels { public static int Value => 3; }
    public readonly struct P4 : ITilePixels { public static int Value => 4; }
    public readonly struct P5 : ITilePixels { public static int Value => 5; }
    public readonly struct P6 : ITilePixels { public static int Value => 6; }
    public readonly struct P7 : ITilePixels { public static int Value => 7; }
    public readonly struct P8 : ITilePixels { public static int Value => 8; }
    public readonly struct P9 : ITilePixels { public static int Value => 9; }
    public readonly struct P10 : ITilePixels { public static int Value => 10; }
    public readonly struct P11 : ITilePixels { public static int Value => 11; }
    public readonly struct P12 : ITilePixels { public static int Value => 12; }
}
