extern alias generator;

using System.Linq;
using CnnDsl.Generator.Tests.Infrastructure;
using generator::CnnDsl.Model;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Where the plan folds squeeze-and-excitation's channel gate into the weights of the 1x1 convolution reading it: only
/// where the gated tensor is a layer's output in the arena, the convolution is 1x1, stride 1 and unpadded, and the
/// gated copy of its weights (input channels x outputs rounded up to 16) is no larger than the gated tensor. The
/// agreement tests check the numbers either way; this checks that the fold happens where it should (and so that those
/// tests run it).
/// </summary>
public class GatedWeightsPlanTests
{
    [Theory]
    [InlineData("56x56x144", "[Conv(24, 1)]", true)]      // EfficientNet-B0's early projection: 144 x 32 values
    [InlineData("14x14x672", "[Conv(112, 1)]", true)]     // 196 positions >= 112 outputs
    [InlineData("7x7x1152", "[Conv(192, 1)]", false)]     // 49 positions < 192 outputs: the copy would be the larger
    [InlineData("28x28x96", "[Conv(24, 3)]", false)]      // not a 1x1 convolution
    [InlineData("28x28x96", "[Conv(24, 1, Stride = 2)]", false)] // strided
    public void The_gate_folds_into_the_projection_where_the_copy_is_smaller(string input, string consumer, bool folds)
    {
        string source = "using CnnDsl; namespace T; [Network(Input = \"" + input + "\")] "
            + "[DepthwiseConv(3)] [SqueezeExcite(0.25)] " + consumer + " public partial class Net { }";
        var plan = Plan(source, "T.Net");
        Assert.Equal(folds, plan.Nodes.Any(n => n.GatesWeightsOf >= 0));
        Assert.Equal(folds, plan.Nodes.Any(n => n.GatedBy >= 0));
    }

    [Fact]
    public void A_gate_on_the_network_input_keeps_its_pass()
    {
        // The gated tensor must be in the arena, where the convolution reads it: not the caller's input span.
        var plan = Plan(
            "using CnnDsl; namespace T; [Network(Input = \"56x56x144\")] [SqueezeExcite(0.25)] [Conv(24, 1)] "
            + "public partial class Net { }",
            "T.Net");
        Assert.DoesNotContain(plan.Nodes, n => n.GatesWeightsOf >= 0);
    }

    private static InferencePlan Plan(string source, string typeName) => PlannedNetwork.Of(source, typeName);
}
