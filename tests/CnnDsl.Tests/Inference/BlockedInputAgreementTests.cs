namespace CnnDsl.Tests.Inference;

/// <summary>A 1x1 layer of 1024 channels with a fused residual: the residual add reads the block's input.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class WideBottleneck
{
    [Conv(256, 1, Act = Act.Relu)][Conv(1024, 1, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>
/// 1x1 layers whose input positions lie 4 KB (1024 channels) and 8 KB (2048) apart, which the kernel reads from a copy
/// in blocks of 256 channels: 63 positions (no multiple of a tile), a fused residual, batch norm, swish, and 37 output
/// channels (a partial vector).
/// </summary>
[Network(Input = "9x7x1024")]
[Use<WideBottleneck>]
[Conv(48, 1, Act = Act.Relu)]
[Conv(2048, 1)]
[Conv(37, 1, BatchNorm = true, Act = Act.Swish)]
public partial class BlockedInputs { }

/// <summary>The layers read from blocked copies against the reference executor, and two threads bit for bit against one.</summary>
public class BlockedInputAgreementTests
{
    [Fact] public void Blocked_inputs_match_the_reference() => Agreement.Check(new BlockedInputs.Weights(), w => new BlockedInputs(w).Forward, batch: 2);
    [Fact] public void Blocked_inputs_on_two_threads() => Agreement.CheckOnTwoThreads(new BlockedInputs.Weights(), (w, t) => new BlockedInputs(w, t), batch: 3);
}
