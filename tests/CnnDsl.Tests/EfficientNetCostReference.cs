using System;

namespace CnnDsl.Tests;

/// <summary>
/// An independent recount of EfficientNet's cost, written from the paper's Table 1 and the reference implementation's
/// rounding (round_filters, round_repeats), not from the generator: the oracle the zoo constants are checked against.
/// Batch normalization is folded (one bias per convolution output channel); SE's two 1x1 layers count as the papers
/// count fully connected layers.
/// </summary>
internal static class EfficientNetCostReference
{
    // (expansion, kernel, filters, repeats, stride) of B0's seven stages.
    private static readonly (int T, int K, int C, int N, int S)[] Stages =
    {
        (1, 3, 16, 1, 1), (6, 3, 24, 2, 2), (6, 5, 40, 2, 2), (6, 3, 80, 3, 2), (6, 5, 112, 3, 1), (6, 5, 192, 4, 2), (6, 3, 320, 1, 1),
    };

    public static int RoundFilters(int filters, double width)
    {
        double scaled = filters * width;
        int rounded = Math.Max(8, (int)(scaled + 4) / 8 * 8);
        return rounded < 0.9 * scaled ? rounded + 8 : rounded;
    }

    public static (long MultiplyAdds, long Parameters) Count(double width, double depth, int resolution)
    {
        long macs = 0, parameters = 0;
        int size = (resolution + 1) / 2;
        int channels = RoundFilters(32, width);
        macs += (long)size * size * 3 * 9 * channels;
        parameters += 27L * channels + channels;
        foreach (var (t, k, c, n, s) in Stages)
        {
            int output = RoundFilters(c, width);
            int repeats = (int)Math.Ceiling(depth * n);
            for (int i = 0; i < repeats; i++)
            {
                int expanded = channels * t;
                if (t != 1)
                {
                    macs += (long)size * size * channels * expanded;
                    parameters += (long)channels * expanded + expanded;
                }
                int stride = i == 0 ? s : 1;
                size = (size + stride - 1) / stride;
                macs += (long)size * size * expanded * k * k;
                parameters += (long)expanded * k * k + expanded;
                int squeezed = Math.Max(1, channels / 4);
                macs += 2L * expanded * squeezed;
                parameters += 2L * expanded * squeezed + squeezed + expanded;
                macs += (long)size * size * expanded * output;
                parameters += (long)expanded * output + output;
                channels = output;
            }
        }
        int head = RoundFilters(1280, width);
        macs += (long)size * size * channels * head + head * 1000L;
        parameters += (long)channels * head + head + head * 1000L + 1000;
        return (macs, parameters);
    }
}
