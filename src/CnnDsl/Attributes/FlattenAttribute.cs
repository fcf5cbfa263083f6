namespace CnnDsl;

/// <summary>Flattens HxWxC into 1x1x(H*W*C), in NHWC order.</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class FlattenAttribute : LayerAttribute
{
}
