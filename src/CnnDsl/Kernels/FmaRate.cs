using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnDsl.Kernels;

/// <summary>
/// Whether this core's 512-bit FMA runs at half the rate of its 256-bit one, timed once per process: some AVX-512
/// hardware executes a 512-bit FMA as two 256-bit halves (the same floats per second at either width), other hardware
/// at twice the floats per second of 256 bits, and no CPUID flag tells which. The same independent FMAs are timed at
/// both widths, alternately, the best of several short runs kept (a run the scheduler interrupts does not count).
/// </summary>
internal static class FmaRate
{
    private const int Iterations = 8_000;
    private const int Runs = 12;

    /// <summary>
    /// The environment variable that sets <see cref="Vector512HalfRate"/> instead of the timing (1 or 0), read once at
    /// start: the tests run the layers this rule narrows both ways on one machine (test.sh), since a machine times
    /// only one answer.
    /// </summary>
    public const string OverrideVariable = "CNNDSL_FMA_HALF_RATE";

    /// <summary>
    /// True when a 512-bit FMA takes at least 1.5x the time of a 256-bit one (about 2x when split in halves, about 1x
    /// at full rate); false without AVX-512 (whatever <see cref="OverrideVariable"/> says).
    /// </summary>
    public static bool Vector512HalfRate { get; } = Measure();

    private static bool Measure()
    {
        if (!Vector512.IsHardwareAccelerated || !Avx512F.IsSupported || !Fma.IsSupported) return false;
        switch (Environment.GetEnvironmentVariable(OverrideVariable))
        {
            case "1": return true;
            case "0": return false;
        }
        double best512 = double.MaxValue, best256 = double.MaxValue;
        float sink = 0;
        for (int r = 0; r < Runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += Run512(Iterations);
            best512 = Math.Min(best512, Stopwatch.GetElapsedTime(start).TotalSeconds);
            start = Stopwatch.GetTimestamp();
            sink += Run256(Iterations);
            best256 = Math.Min(best256, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        GC.KeepAlive(sink);
        return best512 >= 1.5 * best256;
    }

    /// <summary>Independent FMA chains per timed loop: enough to hide the FMA latency (4 cycles x 2 ports = 8 in flight).</summary>
    internal const int Chains = 12;

    /// <summary><see cref="Chains"/> x <paramref name="iterations"/> independent 512-bit FMAs (also the benchmark's peak measurement); returns their sum.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static float Run512(int iterations)
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, m, a); c1 = Avx512F.FusedMultiplyAdd(c1, m, a);
            c2 = Avx512F.FusedMultiplyAdd(c2, m, a); c3 = Avx512F.FusedMultiplyAdd(c3, m, a);
            c4 = Avx512F.FusedMultiplyAdd(c4, m, a); c5 = Avx512F.FusedMultiplyAdd(c5, m, a);
            c6 = Avx512F.FusedMultiplyAdd(c6, m, a); c7 = Avx512F.FusedMultiplyAdd(c7, m, a);
            c8 = Avx512F.FusedMultiplyAdd(c8, m, a); c9 = Avx512F.FusedMultiplyAdd(c9, m, a);
            c10 = Avx512F.FusedMultiplyAdd(c10, m, a); c11 = Avx512F.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    /// <summary>The same at 256 bits.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static float Run256(int iterations)
    {
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a);
            c2 = Fma.MultiplyAdd(c2, m, a); c3 = Fma.MultiplyAdd(c3, m, a);
            c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a);
            c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a);
            c8 = Fma.MultiplyAdd(c8, m, a); c9 = Fma.MultiplyAdd(c9, m, a);
            c10 = Fma.MultiplyAdd(c10, m, a); c11 = Fma.MultiplyAdd(c11, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
