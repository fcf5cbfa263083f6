namespace CnnDsl.CostFeedback;

/// <summary>
/// The course's example: a 5x5 same convolution from 28x28x192 to 32 filters costs 120.4M multiply-adds. CNN0101
/// suggests the 1x1 bottleneck to 16 channels (12.4M, 9.7x fewer); CNN0102 the depthwise-separable alternative.
/// </summary>
[Network(Input = "28x28x192")]
[Conv(32, 5, Act = Act.Relu)]
public partial class CourseExample
{
}
