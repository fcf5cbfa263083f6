using System;
using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Model;

/// <summary>
/// EfficientNet's compound scaling (Tan and Le 2019) applied to a layer stack, with the reference implementation's
/// rounding: filters to multiples of 8 (round_filters), repeats up (round_repeats). Pure functions of plain specs.
/// </summary>
internal static class CompoundScaling
{
    /// <summary>Depth base of the compound coefficient (the paper's alpha).</summary>
    public const double Alpha = 1.2;
    /// <summary>Width base (beta).</summary>
    public const double Beta = 1.1;
    /// <summary>Resolution base (gamma).</summary>
    public const double Gamma = 1.15;

    private const int Divisor = 8;

    /// <summary>round_filters: max(8, int(f*w + 4) // 8 * 8), plus 8 when that loses more than 10%.</summary>
    public static int RoundFilters(int filters, double width)
    {
        if (filters <= 0) return filters; // already an error; keep it visible as written
        double scaled = filters * width;
        double rounded = Math.Max(Divisor, Math.Floor(Math.Floor(scaled + Divisor / 2.0) / Divisor) * Divisor);
        if (rounded < 0.9 * scaled) rounded += Divisor;
        return (int)Math.Min(rounded, int.MaxValue);
    }

    /// <summary>round_repeats: ceil(d * n).</summary>
    public static int RoundRepeats(int repeats, double depth)
        => repeats <= 0 ? repeats : (int)Math.Min(Math.Ceiling(depth * repeats), int.MaxValue);

    /// <summary>A resolution times gamma^phi, rounded to the nearest pixel (halves away from zero).</summary>
    public static double ResolutionFactor(double phi) => Math.Pow(Gamma, phi);

    public static int RoundResolution(double size) => (int)Math.Max(1, Math.Min(Math.Round(size, MidpointRounding.AwayFromZero), int.MaxValue));

    /// <summary>
    /// Scales a network's layers. Filters are rounded only when <paramref name="scaleWidth"/> (a width was given),
    /// so that a depth-only variant keeps the base's filters exactly. The last Dense layer (the classifier) keeps its units.
    /// </summary>
    public static EquatableArray<LayerSpec> Scale(EquatableArray<LayerSpec> layers, double width, bool scaleWidth, double depth)
    {
        int classifier = -1;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].Kind == LayerKind.Dense) classifier = i;
        }
        var scaled = new List<LayerSpec>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
            scaled.Add(Layers.Layers.For(layers[i].Kind).Scale(layers[i], new Layers.LayerScaling(scaleWidth ? width : (double?)null, depth, keepUnits: i == classifier)));
        return scaled.ToEquatableArray();
    }
}
