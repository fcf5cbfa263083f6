using System;
using System.Globalization;

namespace CnnDsl.Tests.Oracles;

/// <summary>Compares two oracles' outputs element by element, relative to the element or, near zero, to the output's scale.</summary>
internal static class OracleAgreement
{
    public static void AssertClose(float[] expected, float[] actual, double relativeTolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double sumOfSquares = 0;
        foreach (float v in expected) sumOfSquares += (double)v * v;
        // Cancellation leaves some values near zero with absolute errors of the size of the others' rounding.
        double scale = Math.Sqrt(sumOfSquares / Math.Max(1, expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]) || float.IsInfinity(actual[i]), $"{what}: element {i} is {actual[i]}.");
            double error = Math.Abs((double)expected[i] - actual[i]);
            double allowed = relativeTolerance * Math.Max(Math.Abs(expected[i]), scale);
            if (error > allowed)
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: element {i} of {expected.Length} differs: {expected[i]} vs {actual[i]} (error {error:G3}, allowed {allowed:G3}, output RMS {scale:G3})."));
            }
        }
    }
}
