using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnDsl.Benchmarks.Torch;

/// <summary>
/// The zoo's MobileNet V2 (samples/CnnDsl.Zoo/MobileNetV2.cs) in PyTorch, layer for layer: every convolution has a
/// bias and no batch norm (the zoo's definition folds it), ReLU6 after the stem, every expansion and depthwise
/// convolution and the last 1x1, linear projections, the residual add at stride 1 with matching channels, global
/// average pooling and a 1000-way dense layer. "Same" padding on stride 2 is symmetric here (PyTorch pads both sides
/// alike); the shapes and the work are the same.
/// </summary>
internal sealed class MobileNetV2 : nn.Module<Tensor, Tensor>
{
    // (expansion t, channels c, repeats n, stride s), one row per [InvertedResidual] of the zoo's definition.
    private static readonly (int T, int C, int N, int S)[] Rows =
        [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];

    private readonly Sequential features;
    private readonly Linear classifier;

    public MobileNetV2(int classes = 1000) : base(nameof(MobileNetV2))
    {
        var layers = new List<nn.Module<Tensor, Tensor>> { nn.Conv2d(3, 32, 3, stride: 2, padding: 1), nn.ReLU6(inplace: true) };
        int channels = 32;
        foreach (var (t, c, n, s) in Rows)
        {
            for (int r = 0; r < n; r++)
            {
                layers.Add(new InvertedResidual(channels, c, t, r == 0 ? s : 1));
                channels = c;
            }
        }
        layers.Add(nn.Conv2d(channels, 1280, 1));
        layers.Add(nn.ReLU6(inplace: true));
        layers.Add(nn.AdaptiveAvgPool2d(1));
        layers.Add(nn.Flatten());
        features = nn.Sequential(layers);
        classifier = nn.Linear(1280, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => classifier.forward(features.forward(input));

    /// <summary>1x1 expansion with ReLU6 (none at expansion 1), 3x3 depthwise with ReLU6, linear 1x1 projection, residual add.</summary>
    private sealed class InvertedResidual : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential body;
        private readonly bool residual;

        public InvertedResidual(int inChannels, int outChannels, int expansion, int stride) : base(nameof(InvertedResidual))
        {
            int hidden = inChannels * expansion;
            var layers = new List<nn.Module<Tensor, Tensor>>();
            if (expansion != 1)
            {
                layers.Add(nn.Conv2d(inChannels, hidden, 1));
                layers.Add(nn.ReLU6(inplace: true));
            }
            layers.Add(nn.Conv2d(hidden, hidden, 3, stride: stride, padding: 1, groups: hidden));
            layers.Add(nn.ReLU6(inplace: true));
            layers.Add(nn.Conv2d(hidden, outChannels, 1));
            body = nn.Sequential(layers);
            residual = stride == 1 && inChannels == outChannels;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => residual ? input + body.forward(input) : body.forward(input);
    }
}
