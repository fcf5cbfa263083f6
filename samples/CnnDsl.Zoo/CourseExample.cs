namespace CnnDsl.Zoo;

/// <summary>The case-studies example: a 5x5 same convolution from 28x28x192 to 32 filters (120.4M MACs).</summary>
[Network(Input = "28x28x192")]
[Conv(32, 5, Act = Act.Relu)]
public partial class CourseExample
{
}

/// <summary>The same with a 1x1 bottleneck to 16 channels first: 2.4M + 10.0M = 12.4M MACs, 9.7x fewer.</summary>
[Network(Input = "28x28x192")]
[Conv(16, 1, Act = Act.Relu)]
[Conv(32, 5, Act = Act.Relu)]
public partial class CourseExampleBottleneck
{
}
