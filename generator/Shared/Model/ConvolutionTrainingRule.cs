namespace CnnDsl.Model;

/// <summary>
/// Which convolutions that inference runs on the direct kernel train on the generated layer (the runtime's
/// <c>Training.PointwiseTraining</c> and <c>Training.ConvolutionTraining</c>), and which on the trainer's own kernel,
/// which takes the whole batch at once: pointwise layers by their positions, the others (strided, padded, 7x7
/// stems...) by their rows' width. Decided once here; the emitter asks it (Winograd layers: <see cref="WinogradRule"/>).
/// </summary>
internal static class ConvolutionTrainingRule
{
    /// <summary>
    /// The fewest output columns for which training runs such a layer's forward on the generated layer, image by image:
    /// the kernel's register tile is one output row's columns (at most 12) and each row streams the layer's weights
    /// again, so narrow rows leave the multiplies short of registers and the weights barely reused, while the trainer's
    /// kernel takes the whole batch at once. 3x3 stride-2 layers of ResNet-18 (input 64, 96, 160, 224), batch 32, one
    /// thread, CPU ms per step of the forward, generated / trainer's (AMD EPYC Zen 5, AVX-512, load 7-17): 2x2 outputs
    /// 5.7 / 1.6, 3x3 8.1 / 3.5, 4x4 2.2 / 1.6, 5x5 13.1 / 9.6, 6x6 4.7 / 3.5; 7x7 21.6 / 21.7, 8x8 1.8 / 1.7, 12x12
    /// 4.1 / 4.1, 14x14 20.3 / 21.7, 28x28 21.6 / 22.8; the 1x1 stride-2 ones 2x2 0.6 / 0.2, 7x7 2.5 / 3.2; the 7x7
    /// stems (3 input channels) 32 wide 3.3 / 5.4, 112 wide 40 / 71.
    /// </summary>
    public const int MinTrainingColumns = 7;

    /// <summary>Whether training runs <paramref name="node"/>'s forward on the generated layer: at least <see cref="MinTrainingColumns"/> output columns.</summary>
    public static bool TrainsOnGeneratedLayer(Node node) => node.Output.Width >= MinTrainingColumns;

    /// <summary>
    /// The fewest positions per image a pointwise layer trains on the generated kernel with: one wide register tile
    /// (ConvKernel.WidePixels). Fewer (squeeze-and-excitation's 1x1 positions) leave the trainer's kernel, which takes
    /// several images per weight load, to run it.
    /// </summary>
    public const int MinPointwisePositions = 12;

    /// <summary>Whether training runs pointwise <paramref name="node"/> on the generated layer: at least <see cref="MinPointwisePositions"/> positions.</summary>
    public static bool PointwiseTrainsOnGeneratedLayer(Node node) => (long)node.Output.Height * node.Output.Width >= MinPointwisePositions;
}
