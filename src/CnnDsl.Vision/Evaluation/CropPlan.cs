using System;
using System.Collections.Generic;

namespace CnnDsl.Vision;

/// <summary>
/// The crops a multi-crop evaluation takes from one image. Each image is first resized so its shorter side is one of
/// <see cref="Scales"/>; then, in each of the scale's squares (the centre one, or left/centre/right — top/centre/bottom
/// for portrait images — as GoogLeNet does), the listed crops, each also mirrored when <see cref="Mirror"/> is set.
/// </summary>
public sealed class CropPlan
{
    private CropPlan(string name, IReadOnlyList<int> scales, bool threeSquares, bool wholeSquare, bool mirror)
    {
        (Name, Scales, ThreeSquares, WholeSquare, Mirror) = (name, scales, threeSquares, wholeSquare, mirror);
    }

    /// <summary>
    /// AlexNet's 10-crop: shorter side resized to <paramref name="resizeTo"/> (default crop x 256/224), the centre
    /// square; its four corner crops and centre crop, and their mirrors.
    /// </summary>
    public static CropPlan TenCrop(int cropSize, int resizeTo = 0)
        => new("10-crop", [resizeTo == 0 ? Scaled(cropSize, 256) : resizeTo], threeSquares: false, wholeSquare: false, mirror: true);

    /// <summary>
    /// GoogLeNet's 144-crop (Szegedy et al. 2014, section 7): shorter side resized to 4 scales (256, 288, 320, 352
    /// for a 224 crop), 3 squares each, and in each square the 4 corner crops, the centre crop and the square resized
    /// to the crop size, all mirrored too: 4 x 3 x 6 x 2 = 144.
    /// </summary>
    public static CropPlan GoogLeNet144(int cropSize)
        => new("144-crop", [Scaled(cropSize, 256), Scaled(cropSize, 288), Scaled(cropSize, 320), Scaled(cropSize, 352)], threeSquares: true, wholeSquare: true, mirror: true);

    /// <summary>One centre crop after resizing the shorter side (default crop x 256/224): the single-crop baseline.</summary>
    public static CropPlan Center(int cropSize, int resizeTo = 0)
        => new("centre crop", [resizeTo == 0 ? Scaled(cropSize, 256) : resizeTo], threeSquares: false, wholeSquare: false, mirror: false) { CenterOnly = true };

    /// <summary>A name for reports.</summary>
    public string Name { get; }

    /// <summary>The shorter-side sizes the image is resized to.</summary>
    public IReadOnlyList<int> Scales { get; }

    /// <summary>Left, centre and right squares (else the centre square only).</summary>
    public bool ThreeSquares { get; }

    /// <summary>Also the whole square resized to the crop size.</summary>
    public bool WholeSquare { get; }

    /// <summary>Every crop also mirrored.</summary>
    public bool Mirror { get; }

    /// <summary>Only the centre crop of each square (no corners).</summary>
    public bool CenterOnly { get; private init; }

    /// <summary>Crops per image.</summary>
    public int Count => Scales.Count * (ThreeSquares ? 3 : 1) * ((CenterOnly ? 1 : 5) + (WholeSquare ? 1 : 0)) * (Mirror ? 2 : 1);

    private static int Scaled(int cropSize, int at224) => (int)Math.Round(cropSize * at224 / 224.0);
}
