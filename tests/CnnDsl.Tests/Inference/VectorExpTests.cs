using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// The polynomial exp, sigmoid and swish against their definitions evaluated in double precision (Math.Exp), lane by
/// lane on every width (Vector512, Vector256, Vector128, scalar), over a dense sweep of the whole float range that matters, the edges of exp's range,
/// subnormal results, signed zeros, infinities and NaN, one vector at a time and four at once. Also the whole-buffer activation pass on odd lengths (the
/// vector tail), which runs at the width generated code uses (./test.sh reruns it with AVX-512 off and with intrinsics off).
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
            foreach (var (width, value) in OnEveryWidth(x, Fn.Exp)) Check(x, expected, value, width + " exp", ExpUlps);
        }
    }

    [Fact]
    public void Sigmoid_and_swish_follow_their_definitions()
    {
        foreach (float x in Inputs())
        {
            double sigmoid = Sigmoid(x);
            double swish = x * sigmoid;
            foreach (var (width, value) in OnEveryWidth(x, Fn.Sigmoid)) Check(x, sigmoid, value, width + " sigmoid");
            foreach (var (width, value) in OnEveryWidth(x, Fn.Swish)) Check(x, swish, value, width + " swish");
        }
    }

    [Fact]
    public void Sigmoid_and_swish_of_four_vectors_at_once_follow_their_definitions_in_each_vector()
    {
        // Four different inputs, so that a vector given another's exponential fails.
        foreach (float x in Inputs())
        {
            float[] inputs = [x, -x, x * 0.5f, x + 3f];
            foreach (var fn in new[] { Fn.Sigmoid, Fn.Swish })
            {
                foreach (var (width, values) in FourOnEveryWidth(inputs, fn))
                {
                    for (int k = 0; k < 4; k++)
                    {
                        double sigmoid = Sigmoid(inputs[k]);
                        Check(inputs[k], fn == Fn.Sigmoid ? sigmoid : inputs[k] * sigmoid, values[k], $"{width} {fn} of four, vector {k}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Non_finite_inputs_give_what_ieee_arithmetic_gives()
    {
        foreach (float x in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            double exp = Math.Exp(x), sigmoid = Sigmoid(x), swish = x * sigmoid;
            foreach (var (width, value) in OnEveryWidth(x, Fn.Exp)) Check(x, exp, value, width + " exp");
            foreach (var (width, value) in OnEveryWidth(x, Fn.Sigmoid)) Check(x, sigmoid, value, width + " sigmoid");
            foreach (var (width, value) in OnEveryWidth(x, Fn.Swish)) Check(x, swish, value, width + " swish");
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

    private enum Fn { Exp, Sigmoid, Swish }

    /// <summary><paramref name="x"/> in every lane, through each width's operations; one lane read back (all lanes run the same instructions).</summary>
    private static IEnumerable<(string Width, float Value)> OnEveryWidth(float x, Fn fn)
    {
        yield return ("Vector512", Apply<Vector512<float>, Vector512Ops>(Vector512.Create(x), fn).GetElement(15));
        yield return ("Vector256", Apply<Vector256<float>, Vector256Ops>(Vector256.Create(x), fn).GetElement(5));
        yield return ("Vector128", Apply<Vector128<float>, Vector128Ops>(Vector128.Create(x), fn).GetElement(2));
        yield return ("scalar", Apply<float, ScalarOps>(x, fn));
    }

    /// <summary>Each input in every lane of its own vector, the four through Sigmoid4 or Swish4 at each width; one lane of each read back.</summary>
    private static IEnumerable<(string Width, float[] Values)> FourOnEveryWidth(float[] x, Fn fn)
    {
        yield return ("Vector512", Four<Vector512<float>, Vector512Ops>(x, fn, Vector512.Create, v => v.GetElement(15)));
        yield return ("Vector256", Four<Vector256<float>, Vector256Ops>(x, fn, Vector256.Create, v => v.GetElement(5)));
        yield return ("Vector128", Four<Vector128<float>, Vector128Ops>(x, fn, Vector128.Create, v => v.GetElement(2)));
        yield return ("scalar", Four<float, ScalarOps>(x, fn, v => v, v => v));
    }

    private static float[] Four<TV, TO>(float[] x, Fn fn, Func<float, TV> create, Func<TV, float> lane) where TV : struct where TO : IVectorOps<TV>
    {
        TV v0 = create(x[0]), v1 = create(x[1]), v2 = create(x[2]), v3 = create(x[3]);
        if (fn == Fn.Sigmoid) VectorExp.Sigmoid4<TV, TO>(ref v0, ref v1, ref v2, ref v3);
        else VectorExp.Swish4<TV, TO>(ref v0, ref v1, ref v2, ref v3);
        return [lane(v0), lane(v1), lane(v2), lane(v3)];
    }

    private static TV Apply<TV, TO>(TV x, Fn fn) where TV : struct where TO : IVectorOps<TV> => fn switch
    {
        Fn.Exp => VectorExp.Exp<TV, TO>(x),
        Fn.Sigmoid => VectorExp.Sigmoid<TV, TO>(x),
        _ => VectorExp.Swish<TV, TO>(x),
    };

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
