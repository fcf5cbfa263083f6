namespace CnnDsl.Tests.Inference;

/// <summary>
/// Blocks that run in bands of rows (the plan's row streams), on sizes no band or tile divides: a 5x5 stride-2
/// squeeze-and-excitation block whose 67x45x48 expansion (144,720 floats) streams into its depthwise layer alone (the
/// gate pools the whole depthwise output before the projection), then a block whose 34x23x168 expansion (131,376
/// floats, just over the threshold) streams through its projection and residual.
/// </summary>
[Network(Input = "67x45x9")]
[Conv(16, 3, Act = Act.Swish)]
[MBConv(24, Expansion = 3, Kernel = 5, Stride = 2)]
[MBConv(24, Expansion = 7, SqueezeExcite = 0)]
[GlobalAvgPool]
[Dense(10, Act = Act.Softmax)]
public partial class StreamedBlocks { }

/// <summary>The streamed blocks against the reference executor on one thread and, bit for bit, two against one.</summary>
public class StreamedBlockAgreementTests
{
    [Fact] public void Streamed_blocks_match_the_reference() => Agreement.Check(new StreamedBlocks.Weights(), w => new StreamedBlocks(w).Forward, batch: 2);
    [Fact] public void Streamed_blocks_on_two_threads() => Agreement.CheckOnTwoThreads(new StreamedBlocks.Weights(), (w, t) => new StreamedBlocks(w, t), batch: 3);
}
