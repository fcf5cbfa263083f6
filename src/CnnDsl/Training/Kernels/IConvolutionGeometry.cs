namespace CnnDsl.Training;

/// <summary>
/// A convolution's sizes as a weight-gradient kernel reads them: from the node at run time (<see cref="NodeGeometry"/>,
/// the trainer's kernel) or from a generated layer's shape (<see cref="WinogradGeometry{TShape}"/>,
/// <see cref="ConvolutionGeometry{TShape}"/>: JIT constants where the shape has them), one algorithm for both. Implemented by structs, so that each kernel is
/// compiled per geometry and a constant one's sizes fold into its index arithmetic.
/// </summary>
internal interface IConvolutionGeometry
{
    int Height { get; }
    int Width { get; }
    int InChannels { get; }
    int OutHeight { get; }
    int OutWidth { get; }
    int OutChannels { get; }
    int PadTop { get; }
    int PadLeft { get; }
    int KernelHeight { get; }
    int KernelWidth { get; }
    int StrideH { get; }
    int StrideW { get; }
    int DilationH { get; }
    int DilationW { get; }
    int Groups { get; }
}
