namespace CnnDsl.Model;

/// <summary>The primitive operations a definition lowers to (composite blocks expanded).</summary>
internal enum OpKind
{
    Input,
    Conv,
    DepthwiseConv,
    MaxPool,
    AvgPool,
    GlobalAvgPool,
    Dense,
    Flatten,
    BatchNorm,
    Activation,
    Dropout,
    Add,
    Concat,
    /// <summary>Input 0 (HxWxC) times input 1 (1x1xC), per channel: squeeze-and-excitation's gate.</summary>
    Scale,
}
