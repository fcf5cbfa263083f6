namespace CnnDsl.Model;

/// <summary>A convolution's cost as two smaller convolutions in a row (Inception v3's factorizations).</summary>
internal readonly record struct FactorizedCost(long Original, long First, long Second, bool Asymmetric)
{
    public long Total => First + Second;

    /// <summary>How many times fewer multiply-adds the factorized design needs.</summary>
    public double Factor => Total == 0 ? 0 : (double)Original / Total;
}
