using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnDsl.Benchmarks.Torch;

/// <summary>
/// The zoo's ResNet-18 (samples/CnnDsl.Zoo/ResNet18.cs, ML.NET's CNTK export) in PyTorch, layer for layer: a 7x7
/// stride-2 stem without bias, batch norm and ReLU, 3x3 stride-2 max pooling, basic blocks in stages of [2, 2, 2, 3]
/// (64, 128, 256, 512 channels; a 1x1 stride-2 projection with batch norm where a stage starts), ReLU after each
/// residual add, global average pooling. With no classes it ends at the 512 pooled features, as the zoo's network does
/// (the loss then takes them as 512 logits); with classes a dense layer follows (the training benchmark's 64x64 head).
/// The zoo's stride-2 layers pad 1 before and 0 after; PyTorch pads 1 on both sides: the same shapes and work.
/// </summary>
internal sealed class ResNet18 : nn.Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Linear? classifier;

    public ResNet18(int classes = 0) : base(nameof(ResNet18))
    {
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false), nn.BatchNorm2d(64), nn.ReLU(inplace: true),
            nn.MaxPool2d(3, stride: 2, padding: 1),
        };
        int channels = 64;
        foreach (var (width, blocks) in new[] { (64, 2), (128, 2), (256, 2), (512, 3) })
        {
            for (int b = 0; b < blocks; b++)
            {
                layers.Add(new BasicBlock(channels, width, b == 0 && width != channels ? 2 : 1));
                channels = width;
            }
        }
        layers.Add(nn.AdaptiveAvgPool2d(1));
        layers.Add(nn.Flatten());
        features = nn.Sequential(layers);
        if (classes > 0) classifier = nn.Linear(512, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => classifier is null ? features.forward(input) : classifier.forward(features.forward(input));

    /// <summary>3x3 conv, batch norm, ReLU, 3x3 conv, batch norm; plus the input (or its 1x1 stride-2 projection); ReLU.</summary>
    private sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential branch;
        private readonly Sequential? shortcut;
        private readonly ReLU relu = nn.ReLU(inplace: true);

        public BasicBlock(int inChannels, int outChannels, int stride) : base(nameof(BasicBlock))
        {
            branch = nn.Sequential(
                nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false), nn.BatchNorm2d(outChannels), nn.ReLU(inplace: true),
                nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false), nn.BatchNorm2d(outChannels));
            if (stride != 1 || inChannels != outChannels)
                shortcut = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), nn.BatchNorm2d(outChannels));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => relu.forward(branch.forward(input) + (shortcut is null ? input : shortcut.forward(input)));
    }
}
