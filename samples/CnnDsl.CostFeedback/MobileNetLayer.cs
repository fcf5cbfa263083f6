namespace CnnDsl.CostFeedback;

/// <summary>MobileNet's Table 3 layer: a 3x3 convolution 14x14x512 to 512 costs 462M multiply-adds, separable 52.3M (CNN0102).</summary>
[Network(Input = "14x14x512")]
[Conv(512, 3, Act = Act.Relu)]
public partial class MobileNetLayer
{
}
