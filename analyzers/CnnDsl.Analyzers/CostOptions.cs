using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Analyzers;

/// <summary>
/// The cost rules' thresholds, read from <c>.editorconfig</c> (<c>cnndsl.*</c> keys) for the file declaring the
/// network. A missing or unparsable value keeps the default: a typo must never break analysis.
/// </summary>
internal sealed record CostOptions
{
    public const string BottleneckMinFactorKey = "cnndsl.bottleneck.min_factor";
    public const string BottleneckWidthRatioKey = "cnndsl.bottleneck.width_ratio";
    public const string SeparableMinFactorKey = "cnndsl.separable.min_factor";
    public const string SeparableMinInputChannelsKey = "cnndsl.separable.min_input_channels";
    public const string FactorizationMinFactorKey = "cnndsl.factorization.min_factor";
    public const string SimdLanesKey = "cnndsl.simd.lanes";
    public const string MinLayerShareKey = "cnndsl.advice.min_share";

    public static readonly CostOptions Default = new();

    /// <summary>CNN0101 fires when the bottleneck design is at least this many times cheaper.</summary>
    public double BottleneckMinFactor { get; init; } = 4.0;

    /// <summary>Bottleneck width as a fraction of min(Cin, Cout), rounded down to a multiple of <see cref="SimdLanes"/>.</summary>
    public double BottleneckWidthRatio { get; init; } = 0.5;

    /// <summary>CNN0102 fires when the separable design is at least this many times cheaper.</summary>
    public double SeparableMinFactor { get; init; } = 5.0;

    /// <summary>CNN0102 leaves convolutions on fewer input channels alone (a stem on RGB needs the full convolution).</summary>
    public int SeparableMinInputChannels { get; init; } = 32;

    /// <summary>CNN0107 fires when the factorized design is at least this many times cheaper (two 3x3s for a 5x5 on equal channels: 1.39).</summary>
    public double FactorizationMinFactor { get; init; } = 1.25;

    /// <summary>
    /// CNN0101 and CNN0102 only advise on layers with at least this fraction of the network's multiply-adds: making a
    /// layer that costs 1% of the network 9x cheaper saves under 1%.
    /// </summary>
    public double MinLayerShare { get; init; } = 0.05;

    /// <summary>Floats per SIMD vector the channel counts should fill (8 = AVX2; 16 for AVX-512).</summary>
    public int SimdLanes { get; init; } = 8;

    public static CostOptions Read(AnalyzerOptions options, SyntaxTree? tree)
    {
        if (tree is null) return Default;
        AnalyzerConfigOptions config;
        try
        {
            config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        }
        catch (System.ArgumentException)
        {
            return Default;
        }

        return new CostOptions
        {
            BottleneckMinFactor = Positive(config, BottleneckMinFactorKey, Default.BottleneckMinFactor),
            BottleneckWidthRatio = Fraction(config, BottleneckWidthRatioKey, Default.BottleneckWidthRatio),
            SeparableMinFactor = Positive(config, SeparableMinFactorKey, Default.SeparableMinFactor),
            SeparableMinInputChannels = Count(config, SeparableMinInputChannelsKey, Default.SeparableMinInputChannels, minimum: 1),
            FactorizationMinFactor = Positive(config, FactorizationMinFactorKey, Default.FactorizationMinFactor),
            SimdLanes = Count(config, SimdLanesKey, Default.SimdLanes, minimum: 1),
            MinLayerShare = TryDouble(config, MinLayerShareKey, out double share) && share >= 0 && share <= 1 ? share : Default.MinLayerShare,
        };
    }

    private static double Positive(AnalyzerConfigOptions config, string key, double fallback)
        => TryDouble(config, key, out double value) && value > 0 && !double.IsInfinity(value) ? value : fallback;

    private static double Fraction(AnalyzerConfigOptions config, string key, double fallback)
        => TryDouble(config, key, out double value) && value > 0 && value <= 1 ? value : fallback;

    private static int Count(AnalyzerConfigOptions config, string key, int fallback, int minimum)
        => config.TryGetValue(key, out var text)
           && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
           && value >= minimum && value <= 4096
            ? value : fallback;

    private static bool TryDouble(AnalyzerConfigOptions config, string key, out double value)
    {
        value = 0;
        return config.TryGetValue(key, out var text)
            && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
