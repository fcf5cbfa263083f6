namespace CnnDsl;

/// <summary>An activation applied to a layer's output.</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
enum Act
{
    /// <summary>Linear: no activation.</summary>
    None = 0,
    /// <summary>max(0, x).</summary>
    Relu = 1,
    /// <summary>min(max(0, x), 6), as in MobileNet V2.</summary>
    Relu6 = 2,
    /// <summary>1 / (1 + e^-x).</summary>
    Sigmoid = 3,
    /// <summary>x * sigmoid(x) (also called SiLU), as in EfficientNet.</summary>
    Swish = 4,
    /// <summary>x * relu6(x + 3) / 6, as in MobileNet V3.</summary>
    HardSwish = 5,
    /// <summary>Softmax over the channels of each position.</summary>
    Softmax = 6,
}
