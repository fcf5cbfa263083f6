namespace CnnDsl;

/// <summary>Flattens HxWxC into 1x1x(H*W*C), in NHWC order.</summary>
public sealed class FlattenAttribute : LayerAttribute
{
}
