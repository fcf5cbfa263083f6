namespace CnnDsl.Model;

/// <summary>The layer attributes a user writes (the definition, before composite blocks are expanded).</summary>
internal enum LayerKind
{
    Conv,
    DepthwiseConv,
    MaxPool,
    AvgPool,
    GlobalAvgPool,
    Dense,
    Flatten,
    BatchNorm,
    Dropout,
    Activation,
    Inception,
    DepthwiseSeparable,
    InvertedResidual,
    Use,
    Identity,
    MBConv,
    SqueezeExcite,
}
