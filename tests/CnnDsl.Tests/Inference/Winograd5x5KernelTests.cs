using System;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;
using Xunit.Abstractions;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// The F(2x2,5x5) kernel alone (<see cref="Winograd5x5Weights"/> then <see cref="Winograd5x5Conv"/>, on the widest
/// vectors this run enables) against the correlation summed directly in double: this checks that the transforms
/// (G from the Toom-Cook construction, B^T shared with F(4x4,3x3), A^T) compose to the convolution, and bounds their
/// float rounding relative to the sum of the products' magnitudes.
/// </summary>
public class Winograd5x5KernelTests(ITestOutputHelper output)
{
    /// <summary>Largest error allowed, as a fraction of the largest sum of |x w| over an output's terms.</summary>
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(9, 11, 37, 40, 2, 2, 9, 11)]  // "same", odd sides: the last tile row and column half outside
    [InlineData(10, 9, 32, 32, 0, 0, 6, 5)]   // valid
    [InlineData(8, 7, 5, 3, 4, 0, 8, 6)]      // asymmetric: 4 zero rows above, 3 zero columns right; channel tails only
    [InlineData(7, 12, 64, 48, 1, 3, 6, 13)]  // 1 above, 2 below, 3 left, 2 right
    public void The_transforms_compose_to_the_correlation(int height, int width, int inC, int outC, int padTop, int padLeft, int outH, int outW)
    {
        var random = new Random(height * 1000 + width);
        var x = new float[height * width * inC];
        var w = new float[outC * inC * 25];
        for (int i = 0; i < x.Length; i++) x[i] = (float)((random.NextDouble() * 2) - 1);
        for (int i = 0; i < w.Length; i++) w[i] = (float)((random.NextDouble() * 2) - 1);

        var layer = new WinogradLayer(height, width, inC, outC, padTop, padLeft, outH, outW, outC, Act.None, false, Act.None);
        var actual = new float[outH * outW * outC];
        Run(layer, x, w, actual);

        double worst = 0, magnitude = 0;
        for (int oh = 0; oh < outH; oh++)
            for (int ow = 0; ow < outW; ow++)
                for (int o = 0; o < outC; o++)
                {
                    double sum = 0, absolute = 0;
                    for (int kh = 0; kh < 5; kh++)
                        for (int kw = 0; kw < 5; kw++)
                        {
                            int ih = oh + kh - padTop, iw = ow + kw - padLeft;
                            if ((uint)ih >= (uint)height || (uint)iw >= (uint)width) continue;
                            for (int i = 0; i < inC; i++)
                            {
                                double term = (double)x[((ih * width) + iw) * inC + i] * w[((o * inC + i) * 5 + kh) * 5 + kw];
                                sum += term;
                                absolute += Math.Abs(term);
                            }
                        }
                    magnitude = Math.Max(magnitude, absolute);
                    worst = Math.Max(worst, Math.Abs(sum - actual[((oh * outW) + ow) * outC + o]));
                }
        output.WriteLine($"{Simd.Best}: max |error| {worst:G3}, {worst / magnitude:G3} of the largest sum of |terms| ({magnitude:G4})");
        Assert.True(worst <= Tolerance * magnitude, $"max |error| {worst:G4} exceeds {Tolerance} x {magnitude:G4}");
    }

    private static void Run(in WinogradLayer layer, float[] x, float[] w, float[] y)
    {
        int lanes = (int)Simd.Best;
        var packed = Winograd5x5Weights.Pack(w, new ChannelAffine(layer.OutChannels), layer.OutChannels, layer.InChannels, lanes, out var shifts);
        int rows = (layer.OutHeight + 1) / 2, pairs = WinogradWeights.PaddedChannels(layer.OutChannels, lanes) / (2 * lanes);
        ref float input = ref x[0];
        ref float output = ref y[0];
        ref float weights = ref AlignedBuffer.Start(packed);
        ref float s = ref shifts[0];
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Winograd5x5Conv.Run<Vector512<float>, Vector512Ops>(layer, ref input, ref output, ref output, ref weights, ref s, 0, rows, 0, pairs); break;
            case SimdWidth.Vector256: Winograd5x5Conv.Run<Vector256<float>, Vector256Ops>(layer, ref input, ref output, ref output, ref weights, ref s, 0, rows, 0, pairs); break;
            case SimdWidth.Vector128: Winograd5x5Conv.Run<Vector128<float>, Vector128Ops>(layer, ref input, ref output, ref output, ref weights, ref s, 0, rows, 0, pairs); break;
            default: Winograd5x5Conv.Run<float, ScalarOps>(layer, ref input, ref output, ref output, ref weights, ref s, 0, rows, 0, pairs); break;
        }
    }
}
