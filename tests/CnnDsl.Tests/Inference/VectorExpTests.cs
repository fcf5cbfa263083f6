using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// The polynomial exp, sigmoid and swish against their definitions evaluated in double precision (Math.Exp), lane by
/// lane on both vector widths, over a dense sweep of the whole float range that matters, the edges of exp's range,
/// subnormal results, signed zeros, infinities and NaN. Also the whole-buffer activation pass on odd lengths (the
/// vector tail), which runs through these kernels on AVX2 and AVX-512 and through TensorPrimitives on the other paths.
/// </summary>
public class VectorExpTests
{
    private static IEnumerable<float> Inputs()
    {
        for (double x = -110; x <= 95; x += 0.0137) yield return (float)x;
        foreach (float x in new[] { 0f, -0f, 1e-30f, -1e-30f, 88.72283f, 88.7228f, 88.7229f, 88.3762626647949f, -87.33654f, -87.3365f, -103.9f, -103.97208f, -104f, -150f, 200f, float.MaxValue, float.MinValue, float.Epsilon })
        {
            yield return x;
        }
    }

    [Fact]
    public void Exp_is_within_two_ulp_of_the_definition_and_overflows_and_underflows_as_ieee()
    {
        foreach (float x in Inputs())
        {
            double expected = Math.Exp(x);
            Check(x, expected, VectorExp.Exp(Vector512.Create(x)).GetElement(3), "Vector512 exp", ExpUlps);
            Check(x, expected, VectorExp.Exp(Vector256.Create(x)).GetElement(5), "Vector256 exp", ExpUlps);
        }
    }

    [Fact]
    public void Sigmoid_and_swish_follow_their_definitions()
    {
        foreach (float x in Inputs())
        {
            double sigmoid = Sigmoid(x);
            double swish = x * sigmoid;
            Check(x, sigmoid, VectorExp.Sigmoid(Vector512.Create(x)).GetElement(0), "Vector512 sigmoid");
            Check(x, sigmoid, VectorExp.Sigmoid(Vector256.Create(x)).GetElement(7), "Vector256 sigmoid");
            Check(x, swish, VectorExp.Swish(Vector512.Create(x)).GetElement(15), "Vector512 swish");
            Check(x, swish, VectorExp.Swish(Vector256.Create(x)).GetElement(1), "Vector256 swish");
        }
    }

    [Fact]
    public void Non_finite_inputs_give_what_ieee_arithmetic_gives()
    {
        foreach (float x in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            double exp = Math.Exp(x), sigmoid = Sigmoid(x), swish = x * sigmoid;
            Check(x, exp, VectorExp.Exp(Vector512.Create(x)).GetElement(2), "Vector512 exp");
            Check(x, exp, VectorExp.Exp(Vector256.Create(x)).GetElement(2), "Vector256 exp");
            Check(x, sigmoid, VectorExp.Sigmoid(Vector512.Create(x)).GetElement(2), "Vector512 sigmoid");
            Check(x, sigmoid, VectorExp.Sigmoid(Vector256.Create(x)).GetElement(2), "Vector256 sigmoid");
            Check(x, swish, VectorExp.Swish(Vector512.Create(x)).GetElement(2), "Vector512 swish");
            Check(x, swish, VectorExp.Swish(Vector256.Create(x)).GetElement(2), "Vector256 swish");
        }
    }

    [Theory]
    [InlineData(Act.Sigmoid)]
    [InlineData(Act.Swish)]
    public void The_activation_pass_matches_the_definition_on_every_length_in_place_or_not(Act act)
    {
        var random = new Random(5);
        foreach (int length in new[] { 1, 7, 8, 9, 15, 16, 17, 33, 240, 1001 })
        {
            var source = new float[length];
            for (int i = 0; i < length; i++) source[i] = (float)((random.NextDouble() * 40) - 20);
            source[length / 2] = float.NaN;
            var destination = new float[length];
            Activations.Apply(source, destination, act, channels: length);
            var inPlace = (float[])source.Clone();
            Activations.Apply(inPlace, inPlace, act, channels: length);
            for (int i = 0; i < length; i++)
            {
                double sigmoid = Sigmoid(source[i]);
                double expected = act == Act.Sigmoid ? sigmoid : source[i] * sigmoid;
                Check(source[i], expected, destination[i], $"{act} pass, length {length}, element {i}");
                Assert.Equal(destination[i], inPlace[i]);
            }
        }
    }

    // exp's polynomial is within 2 ulp; sigmoid and swish add the rounding of 1 + e, the division and the product.
    private const int ExpUlps = 2, LogisticUlps = 4;

    /// <summary>
    /// 1 / (1 + e^-x) in double, except that e^-x beyond float's range is +Inf: in float, sigmoid(x) below -88.72 is 0
    /// (its true value, under 1.2e-38 x e^-(x+88.72), is no longer a normal float), so swish there is -0.
    /// </summary>
    private static double Sigmoid(float x)
    {
        double e = Math.Exp(-(double)x);
        return e > float.MaxValue ? 0 : 1.0 / (1.0 + e);
    }

    /// <summary>
    /// Within <paramref name="ulps"/> ulp of the double value rounded to float; NaN and infinities exactly. Sigmoid and
    /// swish also allow <paramref name="ulps"/> subnormal steps of the sigmoid (times |x| for swish): near -88 the
    /// sigmoid is a subnormal float, with fewer bits.
    /// </summary>
    private static void Check(float x, double expected, float actual, string what, int ulps = LogisticUlps)
    {
        float rounded = (float)expected;
        if (float.IsNaN(rounded) || float.IsInfinity(rounded))
        {
            Assert.True(rounded.Equals(actual), $"{what}({x:R}) = {actual:R}, expected {rounded:R}");
            return;
        }
        float step = Math.Max(MathF.BitIncrement(Math.Abs(rounded)) - Math.Abs(rounded), float.Epsilon);
        double tolerance = ulps * (double)step;
        if (ulps == LogisticUlps) tolerance = Math.Max(tolerance, ulps * Math.Max(1, Math.Abs((double)x)) * float.Epsilon);
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}({x:R}) = {actual:R}, expected {expected:R} (tolerance {tolerance:R})");
    }
}
