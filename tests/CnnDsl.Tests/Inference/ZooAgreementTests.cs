using CnnDsl.Zoo;

namespace CnnDsl.Tests.Inference;

/// <summary>The whole zoo networks with seeded random weights against the reference executor.</summary>
public class ZooAgreementTests
{
    [Fact] public void GoogLeNet_matches_the_reference() => Agreement.Check(new GoogLeNet.Weights(), w => new GoogLeNet(w).Forward, batch: 1, seed: 11);
    [Fact] public void MobileNetV1_matches_the_reference() => Agreement.Check(new MobileNetV1.Weights(), w => new MobileNetV1(w).Forward, batch: 1, seed: 12);
    [Fact] public void MobileNetV2_matches_the_reference() => Agreement.Check(new MobileNetV2.Weights(), w => new MobileNetV2(w).Forward, batch: 1, seed: 13);
    [Fact] public void EfficientNetB0_matches_the_reference() => Agreement.Check(new EfficientNetB0.Weights(), w => new EfficientNetB0(w).Forward, batch: 1, seed: 14);
}
