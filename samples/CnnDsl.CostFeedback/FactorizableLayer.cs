namespace CnnDsl.CostFeedback;

/// <summary>
/// A 5x5 on 24 channels at Inception v3's 35x35 grid: too few channels for CNN0102 and no bottleneck worth 4x, but two
/// 3x3s cost 72% of it. CNN0107 suggests them (35*35*25*24*24 = 17.6M against 2 x 35*35*9*24*24 = 12.7M).
/// </summary>
[Network(Input = "35x35x24")]
[Conv(24, 5, Act = Act.Relu)]
public partial class FactorizableLayer
{
}
