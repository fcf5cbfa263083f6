using CnnDsl.Zoo;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// ResNet-50's whole graph (every block and weight shape as at 224) at 72x72, a tenth of the cost: sizes 36, 18, 9, 5
/// and 3 reach odd stride-2 inputs. At 224 it would take twice GoogLeNet's time, on each of the SIMD paths test.sh runs.
/// </summary>
[Network(BasedOn = typeof(ResNet50), Resolution = 72)]
public partial class ResNet50At72 { }

/// <summary>The whole zoo networks with seeded random weights against the reference executor.</summary>
public class ZooAgreementTests
{
    [Fact] public void GoogLeNet_matches_the_reference() => Agreement.Check(new GoogLeNet.Weights(), w => new GoogLeNet(w).Forward, batch: 1, seed: 11);
    [Fact] public void MobileNetV1_matches_the_reference() => Agreement.Check(new MobileNetV1.Weights(), w => new MobileNetV1(w).Forward, batch: 1, seed: 12);
    [Fact] public void MobileNetV2_matches_the_reference() => Agreement.Check(new MobileNetV2.Weights(), w => new MobileNetV2(w).Forward, batch: 1, seed: 13);
    [Fact] public void EfficientNetB0_matches_the_reference() => Agreement.Check(new EfficientNetB0.Weights(), w => new EfficientNetB0(w).Forward, batch: 1, seed: 14);
    [Fact] public void ResNet50_graph_matches_the_reference() => Agreement.Check(new ResNet50At72.Weights(), w => new ResNet50At72(w).Forward, batch: 1, seed: 15);
}
