using System.Collections.Generic;
using System.Globalization;
using CnnDsl.Operations;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// The fields of a node's <c>Graph</c> row the operations share, as the runtime's <c>GraphRows</c> reads them:
/// <c>k3x3 s2 p0,0,1,1 bias</c>, each written only where it differs from <c>NodeInfo</c>'s default.
/// </summary>
internal static class NodeInfoFields
{
    /// <summary>The default of <c>NodeInfo.Epsilon</c>.</summary>
    private const float DefaultEpsilon = 1e-5f;

    /// <summary>A convolution's fields: its filters are its output channels, which the row states already.</summary>
    public static IEnumerable<string> Convolution(Window window, bool bias, bool batchNorm, float epsilon, int groups = 1)
    {
        foreach (var field in Window(window)) yield return field;
        if (window.Dilated) yield return "d" + Pair(window.DilationH, window.DilationW);
        if (groups != 1) yield return "g" + Int(groups);
        if (bias) yield return "bias";
        if (batchNorm)
        {
            yield return "bn";
            foreach (var field in Epsilon(epsilon)) yield return field;
        }
    }

    public static IEnumerable<string> Window(Window window)
    {
        yield return "k" + Int(window.KernelH) + "x" + Int(window.KernelW);
        if (window.StrideH != 1 || window.StrideW != 1) yield return "s" + Pair(window.StrideH, window.StrideW);
        var p = window.Pads;
        if (p.Any)
        {
            bool even = p.Top == p.Left && p.Left == p.Bottom && p.Bottom == p.Right;
            yield return "p" + (even ? Int(p.Top) : Int(p.Top) + "," + Int(p.Left) + "," + Int(p.Bottom) + "," + Int(p.Right));
        }
    }

    public static IEnumerable<string> Epsilon(float epsilon)
    {
        if (epsilon != DefaultEpsilon) yield return "eps" + Float(epsilon);
    }

    /// <summary>A float that reads back as the same value.</summary>
    public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Pair(int h, int w) => h == w ? Int(h) : Int(h) + "x" + Int(w);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
