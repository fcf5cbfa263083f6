namespace CnnDsl.Model;

/// <summary>A convolution's cost as depthwise plus pointwise convolutions.</summary>
internal readonly record struct SeparableCost(long Original, long Depthwise, long Pointwise)
{
    public long Total => Depthwise + Pointwise;

    /// <summary>How many times fewer multiply-adds the separable design needs.</summary>
    public double Factor => Total == 0 ? 0 : (double)Original / Total;
}
