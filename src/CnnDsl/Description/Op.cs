namespace CnnDsl;

/// <summary>The primitive operations a network lowers to (composite blocks expanded).</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
enum Op
{
    /// <summary>The network input (node 0).</summary>
    Input,
    /// <summary>Standard convolution; weights OIHW <c>[filters, inChannels, kH, kW]</c>.</summary>
    Conv,
    /// <summary>Depthwise convolution (multiplier 1); weights <c>[channels, 1, kH, kW]</c>.</summary>
    DepthwiseConv,
    /// <summary>Max pooling; padding never wins.</summary>
    MaxPool,
    /// <summary>Average pooling; padding not counted.</summary>
    AvgPool,
    /// <summary>Mean over height and width.</summary>
    GlobalAvgPool,
    /// <summary>Fully connected on the NHWC-flattened input; weights <c>[units, inFeatures]</c>.</summary>
    Dense,
    /// <summary>HxWxC to 1x1x(HWC); no data movement in NHWC.</summary>
    Flatten,
    /// <summary>Batch normalization (inference form).</summary>
    BatchNorm,
    /// <summary>A standalone activation.</summary>
    Activation,
    /// <summary>Identity at inference.</summary>
    Dropout,
    /// <summary>Elementwise sum of the inputs, then the node's activation.</summary>
    Add,
    /// <summary>Channel concatenation of the inputs in order, then the node's activation.</summary>
    Concat,
    /// <summary>
    /// Channelwise scaling (squeeze-and-excitation's excite): input 0 (HxWxC) times input 1 (1x1xC) broadcast over
    /// height and width, then the node's activation. No parameters; not counted as multiply-adds.
    /// </summary>
    Scale,
}
