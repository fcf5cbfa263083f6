using CnnDsl.Zoo;

namespace CnnDsl.Tests.Oracles;

// The zoo networks through both oracles, whole, once each (seeded InitializeRandom weights). Two classes, so that
// xunit runs the two halves on the machine's two cores at once.

/// <summary>GoogLeNet: the largest (1.58G multiply-adds), alone.</summary>
[Trait("Category", "Oracles")] // independent of the managed SIMD paths: no need to rerun with intrinsics disabled
public class GoogLeNetOracleCrossCheckTests
{
    [Fact]
    public void Oracles_agree_on_GoogLeNet()
        => OracleCrossCheckTests.AssertOraclesAgree(OracleCrossCheckTests.ZooWeights(GoogLeNet.Graph, GoogLeNet.Tensors, seed: 1), batch: 1, nameof(GoogLeNet));
}

/// <summary>MobileNet V1 and V2.</summary>
[Trait("Category", "Oracles")] // independent of the managed SIMD paths: no need to rerun with intrinsics disabled
public class MobileNetOracleCrossCheckTests
{
    [Fact]
    public void Oracles_agree_on_MobileNetV1()
        => OracleCrossCheckTests.AssertOraclesAgree(OracleCrossCheckTests.ZooWeights(MobileNetV1.Graph, MobileNetV1.Tensors, seed: 2), batch: 1, nameof(MobileNetV1));

    [Fact]
    public void Oracles_agree_on_MobileNetV2()
        => OracleCrossCheckTests.AssertOraclesAgree(OracleCrossCheckTests.ZooWeights(MobileNetV2.Graph, MobileNetV2.Tensors, seed: 3), batch: 1, nameof(MobileNetV2));
}

/// <summary>ResNet-50's graph at 72x72 (see <see cref="Inference.ResNet50At72"/>).</summary>
[Trait("Category", "Oracles")] // independent of the managed SIMD paths: no need to rerun with intrinsics disabled
public class ResNet50OracleCrossCheckTests
{
    [Fact]
    public void Oracles_agree_on_the_ResNet50_graph()
        => OracleCrossCheckTests.AssertOraclesAgree(OracleCrossCheckTests.ZooWeights(Inference.ResNet50At72.Graph, Inference.ResNet50At72.Tensors, seed: 4), batch: 1, nameof(Inference.ResNet50At72));
}
