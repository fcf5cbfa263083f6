namespace CnnDsl;

/// <summary>Averages each channel over the whole height and width: HxWxC becomes 1x1xC.</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class GlobalAvgPoolAttribute : LayerAttribute
{
}
