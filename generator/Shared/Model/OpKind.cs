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
}
