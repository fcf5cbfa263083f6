using System.Globalization;

namespace CnnDsl.Text;

/// <summary>How numbers read in summaries and diagnostics: invariant culture, always.</summary>
internal static class CostFormat
{
    /// <summary>Short form with one decimal: 120.4M, 1.6G, 896, 12.4K.</summary>
    public static string Short(long value)
    {
        double v = value;
        if (System.Math.Abs(v) >= 1e9) return (v / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + "G";
        if (System.Math.Abs(v) >= 1e6) return (v / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M";
        if (System.Math.Abs(v) >= 1e3) return (v / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + "K";
        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Full form with thousands separators: 120,422,400.</summary>
    public static string Full(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Share of a total as a percentage with one decimal.</summary>
    public static string Share(long part, long total)
        => total == 0 ? "-" : (100.0 * part / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A ratio such as 9.7x.</summary>
    public static string Factor(double ratio) => ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x";
}
