namespace CnnDsl.Tests.Inference;

/// <summary>
/// MobileNet V2's inverted residual on 48x48 with a 24-channel bottleneck: the 1x1 layers whose input is larger than
/// half of L2 run in bands of positions (96 and 144 channels in and out), the 24-channel projection also at Vector256
/// on AVX-512 hardware (an odd number of 8-float vectors), with its residual in the epilogue.
/// </summary>
[Block(Merge = Merge.Add)]
public class NarrowLaneResidual
{
    [Conv(144, 1, BatchNorm = true, Act = Act.Relu6)][Conv(24, 1, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>
/// 1x1 layers in bands of positions and on 8-float vectors: 48x48x64 -> 96 (bands), -> 24 (bands, 8-float vectors),
/// the residual block, -> 40 with swish (8-float vectors, epilogue from memory); then 12x12 layers of 88 channels that
/// two threads split by channel pairs (rows of 12 columns, the least on 8-float vectors, and 144 positions); rows of
/// 6 columns (16-float vectors), 36 positions of a 1x1 layer (8-float), a padded 1x1 layer's rows of 8 (16-float);
/// dense layers of 72 (split by channel pairs) and 40 units (gathered over a batch's images), on 16-float vectors.
/// </summary>
[Network(Input = "48x48x64")]
[Conv(96, 1, Act = Act.Relu6)]
[Conv(24, 1, BatchNorm = true)]
[Use<NarrowLaneResidual>]
[Conv(40, 1, Act = Act.Swish)]
[Conv(88, 3, Stride = 4, Act = Act.Relu)]
[Conv(88, 1, Act = Act.Relu)]
[Conv(56, 3, Stride = 2, Act = Act.Relu)]
[Conv(24, 1, Act = Act.Relu)]
[Conv(40, 1, Pad = 1)]
[Flatten]
[Dense(72, Act = Act.Relu)]
[Dense(40)]
public partial class NarrowLaneConvs { }

/// <summary>Layers whose channels are an odd number of 8-float vectors, and banded 1x1 layers, against both oracles.</summary>
public class NarrowLaneAgreementTests
{
    [Fact] public void Banded_and_narrow_layers() => Agreement.Check(new NarrowLaneConvs.Weights(), w => new NarrowLaneConvs(w).Forward, batch: 2);
    [Fact] public void Banded_and_narrow_layers_gathered_over_nine_images() => Agreement.Check(new NarrowLaneConvs.Weights(), w => new NarrowLaneConvs(w).Forward, batch: 9);
    [Fact] public void Banded_and_narrow_layers_on_two_threads() => Agreement.CheckOnTwoThreads(new NarrowLaneConvs.Weights(), (w, t) => new NarrowLaneConvs(w, t), batch: 3);

    /// <summary>
    /// test.sh runs these tests with CNNDSL_FMA_HALF_RATE at 0 and at 1, so both of the rule's answers run on any AVX-512
    /// machine: this checks the runtime obeys it (on AVX-512 hardware; without it the rule never narrows). With the
    /// variable unset the timing decides, which no test can predict.
    /// </summary>
    [Fact]
    public void The_rate_override_decides_where_it_is_set()
    {
        var rate = typeof(CnnDsl.Kernels.ConvKernel).Assembly.GetType("CnnDsl.Kernels.FmaRate", throwOnError: true)!;
        string variable = (string)rate.GetField("OverrideVariable")!.GetValue(null)!;
        bool halfRate = (bool)rate.GetProperty("Vector512HalfRate", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
        bool avx512 = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported;
        string? set = System.Environment.GetEnvironmentVariable(variable);
        if (!avx512) Assert.False(halfRate);
        else if (set is "0" or "1") Assert.Equal(set == "1", halfRate);
    }
}
