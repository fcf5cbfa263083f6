using System;

namespace CnnDsl.Vision;

/// <summary>Standard normal draws from a <see cref="Random"/> (Box-Muller), so a seed repeats them.</summary>
internal static class Gaussian
{
    public static double Next(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
