namespace CnnDsl.Tests.Inference;

/// <summary>Every layer kind and composite block: generated inference against the reference executor.</summary>
public class LayerAgreementTests
{
    [Fact] public void Strided_same_convolutions() => Agreement.Check(new StridedSameConvs.Weights(), w => new StridedSameConvs(w).Forward, batch: 3);
    [Fact] public void Seven_by_seven_convolutions() => Agreement.Check(new SevenBySevenConvs.Weights(), w => new SevenBySevenConvs(w).Forward, batch: 2);
    [Fact] public void Explicitly_padded_convolutions_with_exp_activations() => Agreement.Check(new ExplicitPadConvs.Weights(), w => new ExplicitPadConvs(w).Forward, batch: 2);
    [Fact] public void Wide_convolutions_and_channel_softmax() => Agreement.Check(new WideConvs.Weights(), w => new WideConvs(w).Forward, batch: 2);
    [Fact] public void Fused_batch_norms_fold_into_weights() => Agreement.Check(new FusedBatchNorms.Weights(), w => new FusedBatchNorms(w).Forward, batch: 2);
    [Fact] public void Standalone_batch_norms_folded_or_applied() => Agreement.Check(new StandaloneBatchNorms.Weights(), w => new StandaloneBatchNorms(w).Forward, batch: 2);
    [Fact] public void Depthwise_convolutions() => Agreement.Check(new DepthwiseConvs.Weights(), w => new DepthwiseConvs(w).Forward, batch: 2);
    [Fact] public void Max_average_and_global_pools() => Agreement.Check(new Pools.Weights(), w => new Pools(w).Forward, batch: 2);
    [Fact] public void Flatten_dropout_and_dense() => Agreement.Check(new DenseLayers.Weights(), w => new DenseLayers(w).Forward, batch: 3);
    [Fact] public void One_by_one_spatial_input() => Agreement.Check(new OnePixel.Weights(), w => new OnePixel(w).Forward, batch: 2);
    [Fact] public void Inception_writes_branches_into_the_concat() => Agreement.Check(new SmallInception.Weights(), w => new SmallInception(w).Forward, batch: 2);
    [Fact] public void Depthwise_separable_blocks() => Agreement.Check(new SmallDepthwiseSeparable.Weights(), w => new SmallDepthwiseSeparable(w).Forward, batch: 2);
    [Fact] public void Inverted_residuals_with_fused_residual_add() => Agreement.Check(new SmallInvertedResiduals.Weights(), w => new SmallInvertedResiduals(w).Forward, batch: 2);
    [Fact] public void User_blocks_concat_add_and_identity() => Agreement.Check(new UserBlocks.Weights(), w => new UserBlocks(w).Forward, batch: 2);
    [Fact] public void Course_example_5x5_on_28x28x192() => Agreement.Check(new Zoo.CourseExample.Weights(), w => new Zoo.CourseExample(w).Forward, batch: 1);
    [Fact] public void Course_example_with_bottleneck() => Agreement.Check(new Zoo.CourseExampleBottleneck.Weights(), w => new Zoo.CourseExampleBottleneck(w).Forward, batch: 1);
}
