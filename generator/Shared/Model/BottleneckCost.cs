namespace CnnDsl.Model;

/// <summary>A convolution's cost with a 1x1 bottleneck of <see cref="Width"/> channels in front.</summary>
internal readonly record struct BottleneckCost(int Width, long Original, long Reduce, long Spatial)
{
    public long Total => Reduce + Spatial;

    /// <summary>How many times fewer multiply-adds the bottleneck design needs.</summary>
    public double Factor => Total == 0 ? 0 : (double)Original / Total;
}
