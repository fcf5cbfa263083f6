namespace CnnDsl.Zoo;

/// <summary>
/// GoogLeNet (Szegedy et al. 2014, Table 1). The local response normalizations are left out (they cost no
/// multiply-adds and later re-implementations drop them); pools use same padding, which is Caffe's ceil mode here.
/// </summary>
[Network(Input = "224x224x3")]
[Conv(64, 7, Stride = 2, Act = Act.Relu, Name = "conv1")]
[MaxPool(3, Stride = 2, Name = "pool1")]
[Conv(64, 1, Act = Act.Relu, Name = "conv2_reduce")]
[Conv(192, 3, Act = Act.Relu, Name = "conv2")]
[MaxPool(3, Stride = 2, Name = "pool2")]
[Inception(64, 96, 128, 16, 32, 32, Name = "inception3a")]
[Inception(128, 128, 192, 32, 96, 64, Name = "inception3b")]
[MaxPool(3, Stride = 2, Name = "pool3")]
[Inception(192, 96, 208, 16, 48, 64, Name = "inception4a")]
[Inception(160, 112, 224, 24, 64, 64, Name = "inception4b")]
[Inception(128, 128, 256, 24, 64, 64, Name = "inception4c")]
[Inception(112, 144, 288, 32, 64, 64, Name = "inception4d")]
[Inception(256, 160, 320, 32, 128, 128, Name = "inception4e")]
[MaxPool(3, Stride = 2, Name = "pool4")]
[Inception(256, 160, 320, 32, 128, 128, Name = "inception5a")]
[Inception(384, 192, 384, 48, 128, 128, Name = "inception5b")]
[AvgPool(7, Stride = 1, Padding = Padding.Valid, Name = "pool5")]
[Dropout(0.4)]
[Dense(1000, Act = Act.Softmax, Name = "classifier")]
public partial class GoogLeNet
{
}
