namespace CnnDsl;

/// <summary>
/// A GoogLeNet inception module, with the columns of the paper's Table 1 in order. Four branches read the same input
/// and are concatenated along channels: 1x1 | 1x1 then 3x3 | 1x1 then 5x5 | 3x3 max pool (stride 1, same) then 1x1;
/// every convolution is followed by ReLU.
/// </summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class InceptionAttribute(int n1x1, int n3x3Reduce, int n3x3, int n5x5Reduce, int n5x5, int poolProj) : LayerAttribute
{
    /// <summary>#1x1: filters of the 1x1 branch.</summary>
    public int N1x1 { get; } = n1x1;
    /// <summary>#3x3 reduce: filters of the 1x1 before the 3x3.</summary>
    public int N3x3Reduce { get; } = n3x3Reduce;
    /// <summary>#3x3: filters of the 3x3.</summary>
    public int N3x3 { get; } = n3x3;
    /// <summary>#5x5 reduce: filters of the 1x1 before the 5x5.</summary>
    public int N5x5Reduce { get; } = n5x5Reduce;
    /// <summary>#5x5: filters of the 5x5.</summary>
    public int N5x5 { get; } = n5x5;
    /// <summary>pool proj: filters of the 1x1 after the max pool.</summary>
    public int PoolProj { get; } = poolProj;
}
