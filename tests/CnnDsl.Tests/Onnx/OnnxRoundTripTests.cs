using System;
using System.Collections.Generic;
using System.Linq;
using CnnDsl.Onnx;
using CnnDsl.Tests.Weights;
using CnnDsl.Zoo;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Models written by the exporter (NHWC input and output with Transposes, Clip for Relu6, Transpose + Flatten + Gemm
/// for dense layers, fused batch norms as BatchNormalization nodes) import back to exactly the same weights.
/// </summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public class OnnxRoundTripTests
{
    public static IEnumerable<object[]> Networks() => new[]
    {
        new object[] { "MobileNetV2", MobileNetV2.Graph, MobileNetV2.Tensors },
        new object[] { "MobileNetV1", MobileNetV1.Graph, MobileNetV1.Tensors },
        new object[] { "GoogLeNet", GoogLeNet.Graph, GoogLeNet.Tensors },
        new object[] { "ResNet18", ResNet18.Graph, ResNet18.Tensors },
        new object[] { "EfficientNetB0", EfficientNetB0.Graph, EfficientNetB0.Tensors },
        new object[] { "ResNet50", ResNet50.Graph, ResNet50.Tensors },
        new object[] { "InceptionV3", InceptionV3.Graph, InceptionV3.Tensors },
        new object[] { "CourseExample", CourseExample.Graph, CourseExample.Tensors },
        new object[] { "CourseExampleBottleneck", CourseExampleBottleneck.Graph, CourseExampleBottleneck.Tensors },
        new object[] { "TinyNetwork", TinyNetwork.Graph, TinyNetwork.Tensors },
        new object[] { "SecondTinyNetwork", SecondTinyNetwork.Graph, SecondTinyNetwork.Tensors },
        new object[] { "ThirdTinyNetwork", ThirdTinyNetwork.Graph, ThirdTinyNetwork.Tensors },
    };

    [Fact]
    public void The_round_trip_networks_use_every_operation()
    {
        var used = Networks().SelectMany(n => ((IReadOnlyList<NodeInfo>)n[1]).Select(node => node.Op)).ToHashSet();
        var missing = Enum.GetValues<Op>().Where(op => !used.Contains(op)).ToList();
        Assert.True(missing.Count == 0, "No round-trip network uses " + string.Join(", ", missing) + ": add one that does.");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Exported_network_imports_to_the_same_weights(string name, IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors)
    {
        var original = new TestWeights(graph, tensors);
        original.InitializeRandom(5);
        // Distinct values everywhere, so a tensor loaded into the wrong place cannot go unnoticed.
        var random = new Random(name.Length);
        foreach (var t in tensors)
        {
            var data = original[t.Name];
            for (int i = 0; i < data.Length; i++) data[i] += (float)(random.NextDouble() * 0.01);
            if (t.Name.EndsWith("running_var", StringComparison.Ordinal)) for (int i = 0; i < data.Length; i++) data[i] = Math.Abs(data[i]) + 0.5f;
        }
        byte[] model = OnnxExporter.Export(original, name);
        var imported = new TestWeights(graph, tensors);
        var result = OnnxImporter.ImportWeights(imported, model);
        Assert.Empty(result.FoldedBatchNorms);
        foreach (var t in tensors) Assert.Equal(original[t.Name], imported[t.Name]);
    }
}
