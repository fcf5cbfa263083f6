namespace CnnDsl.Training;

/// <summary>
/// A convolution's weight gradient as the weight-gradient kernels write it, [group][tap][input][outputs padded] (each
/// item's block of inputs and outputs whole, vectors along the outputs), and its way back to the weights' OIHW.
/// </summary>
internal static class PackedGradient
{
    /// <summary>Writes <paramref name="gradient"/> (OIHW) from <paramref name="packed"/>, rows of <paramref name="outPadded"/> per input channel.</summary>
    public static void Unpack(float[] packed, float[] gradient, int groups, int groupOut, int groupIn, int taps, int outPadded)
    {
        for (int group = 0; group < groups; group++)
        for (int o = 0; o < groupOut; o++)
        for (int i = 0; i < groupIn; i++)
        for (int t = 0; t < taps; t++)
            gradient[((group * groupOut + o) * groupIn + i) * taps + t] = packed[((group * taps + t) * groupIn + i) * outPadded + o];
    }
}
