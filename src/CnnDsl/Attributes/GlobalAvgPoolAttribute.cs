namespace CnnDsl;

/// <summary>Averages each channel over the whole height and width: HxWxC becomes 1x1xC.</summary>
public sealed class GlobalAvgPoolAttribute : LayerAttribute
{
}
