using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// What a standard convolution would cost if rebuilt as a cheaper design, derived from the lowered
/// <see cref="Node"/>'s own <see cref="Node.MultiplyAdds"/> so that no cost formula is written twice.
/// A KxK convolution from Cin to Cout channels costs M = Hout*Wout*K*K*Cin*Cout; every alternative below is an
/// exact division or product of M and the node's shapes.
/// </summary>
internal static class CostAlternatives
{
    /// <summary>
    /// A standard (not depthwise, ungrouped, undilated) convolution with a kernel larger than 1x1: the only kind the
    /// formulas below rebuild (a grouped one already reads a fraction of its channels).
    /// </summary>
    public static bool IsSpatialConv(Node node)
        => node.Operation is ConvOperation { Filters: > 0, Groups: 1 } conv && conv.Window.Taps > 1 && !conv.Window.Dilated && node.Input.Channels > 0;

    /// <summary>
    /// The course's bottleneck: a 1x1 convolution to <paramref name="width"/> channels at the input resolution, then
    /// the same KxK convolution from <paramref name="width"/> channels. Its KxK part is M * width / Cin (exact, since
    /// Cin divides M); the 1x1 part reads every input value once per bottleneck channel.
    /// </summary>
    public static BottleneckCost Bottleneck(Node conv, int width)
    {
        long reduce = checked(conv.Input.Elements * width);
        long spatial = checked(conv.MultiplyAdds / conv.Input.Channels * width);
        return new BottleneckCost(width, conv.MultiplyAdds, reduce, spatial);
    }

    /// <summary>
    /// MobileNet's depthwise-separable factorization: KxK depthwise (M / Cout) plus 1x1 pointwise (M / K^2), so the
    /// ratio to the standard convolution is 1/Cout + 1/K^2 (Howard et al. 2017, section 3.1).
    /// </summary>
    public static SeparableCost Separable(Node conv)
    {
        var op = (ConvOperation)conv.Operation;
        long depthwise = conv.MultiplyAdds / op.Filters;
        long pointwise = conv.MultiplyAdds / op.Window.Taps;
        return new SeparableCost(conv.MultiplyAdds, depthwise, pointwise);
    }

    /// <summary>
    /// Inception v3's factorizations of an nxn convolution (Szegedy et al. 2016, sections 3.1 and 3.2), the first
    /// convolution already producing the output's channels: a 5x5 as two 3x3s (ratio 9/25 x (1 + Cout/Cin), 72% when
    /// Cin = Cout), or an nxn as a 1xn then an nx1 (ratio (1 + Cout/Cin)/n, 2/n when Cin = Cout). Exact for stride 1:
    /// with padding the intermediate has the output's size, without it the first convolution's own valid size.
    /// </summary>
    public static FactorizedCost Factorized(Node conv)
    {
        var op = (ConvOperation)conv.Operation;
        int n = op.Window.KernelH;
        long cin = conv.Input.Channels, cout = op.Filters;
        var o = conv.Output;
        bool padded = op.Window.Pads.Any;
        bool asymmetric = n != 5;
        int shrinkH = padded ? 0 : asymmetric ? 0 : 2, shrinkW = padded ? 0 : asymmetric ? n - 1 : 2;
        // The first convolution shrinks a valid input by its own kernel; the second by the rest.
        long midH = (long)o.Height + (padded ? 0 : n - 1) - shrinkH, midW = (long)o.Width + (padded ? 0 : n - 1) - shrinkW;
        long taps = asymmetric ? n : 9;
        long first = checked(midH * midW * taps * cin * cout);
        long second = checked((long)o.Height * o.Width * taps * cout * cout);
        return new FactorizedCost(conv.MultiplyAdds, first, second, asymmetric);
    }

    /// <summary>
    /// The suggested bottleneck width: the largest multiple of <paramref name="multiple"/> not above
    /// <paramref name="ratio"/> x min(Cin, Cout); 0 when that is below one multiple or does not narrow the input.
    /// With the default ratio 0.5 and multiple 8, 192 -> 32 channels gives 16, the course's choice.
    /// </summary>
    public static int BottleneckWidth(int inputChannels, int outputChannels, double ratio, int multiple)
    {
        if (inputChannels <= 0 || outputChannels <= 0 || multiple <= 0 || !(ratio > 0) || ratio > 1) return 0;
        double target = ratio * System.Math.Min(inputChannels, outputChannels);
        long width = (long)(target / multiple) * multiple;
        return width >= multiple && width < inputChannels ? (int)width : 0;
    }

    /// <summary>
    /// MobileNet's and EfficientNet's <c>make_divisible</c>: the nearest multiple of <paramref name="multiple"/>
    /// (at least one multiple), rounded up when rounding down would lose more than 10% of the channels.
    /// </summary>
    public static int RoundChannels(int channels, int multiple)
    {
        if (multiple <= 0 || channels <= 0) return channels;
        long rounded = System.Math.Max(multiple, (channels + (long)multiple / 2) / multiple * multiple);
        if (rounded < 0.9 * channels) rounded += multiple;
        return (int)System.Math.Min(rounded, int.MaxValue / multiple * (long)multiple);
    }

    /// <summary>Lanes left idle in the last vector when <paramref name="channels"/> values are processed <paramref name="lanes"/> at a time.</summary>
    public static int IdleLanes(int channels, int lanes)
        => channels <= 0 || lanes <= 0 ? 0 : (int)((((long)channels + lanes - 1) / lanes * lanes) - channels);

    /// <summary>Fraction of all the lanes used for <paramref name="channels"/> values that stay idle.</summary>
    public static double IdleLaneFraction(int channels, int lanes)
    {
        if (channels <= 0 || lanes <= 0) return 0;
        int idle = IdleLanes(channels, lanes);
        return (double)idle / ((long)channels + idle);
    }
}
