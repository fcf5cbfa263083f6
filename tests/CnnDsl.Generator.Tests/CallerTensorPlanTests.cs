extern alias generator;

using CnnDsl.Generator.Tests.Infrastructure;
using generator::CnnDsl.Model;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Which side of <c>Forward(input, output)</c> the plan lets the layers read or write where the caller holds it
/// (<c>CallerTensors</c>): both on the benchmark's block rows; the input copied in when a layer may load past its last
/// value or would overwrite it, the output copied out when its layer may, or when several layers write it.
/// </summary>
public class CallerTensorPlanTests
{
    [Theory]
    [InlineData("[Network(Input = \"28x28x192\")] [Conv(64, 1, Act = Act.Relu)]", true, true)] // W6
    [InlineData("[Network(Input = \"28x28x192\")] [Conv(16, 1, Act = Act.Relu)] [Conv(32, 5, Act = Act.Relu)]", true, true)] // W2: Winograd writes
    [InlineData("[Network(Input = \"112x112x32\")] [DepthwiseSeparable(64)]", true, true)] // W5
    [InlineData("[Network(Input = \"28x28x40\")] [Conv(240, 1, BatchNorm = true, Act = Act.Swish)]", true, true)] // E1: 40 channels broadcast
    [InlineData("[Network(Input = \"28x28x240\")] [DepthwiseConv(5, BatchNorm = true, Act = Act.Swish)]", true, true)] // E2
    [InlineData("[Network(Input = \"13x11x40\")] [Conv(48, 3, Act = Act.Relu)]", true, true)] // Winograd reads 40 channels
    [InlineData("[Network(Input = \"9x9x32\")] [DepthwiseConv(3)] [Conv(10, 1)]", true, false)] // 10 outputs: partial vectors
    [InlineData("[Network(Input = \"9x9x24\")] [DepthwiseConv(3)] [Conv(32, 1)]", false, true)] // depthwise on 24: partial vectors
    [InlineData("[Network(Input = \"9x9x32\")] [Conv(32, 1, Act = Act.Softmax)]", true, false)] // softmax: a pass over the stored output
    [InlineData("[Network(Input = \"9x9x32\")] [BatchNorm(Act = Act.Relu)] [Conv(32, 1)]", false, true)] // the batch norm overwrites the input
    [InlineData("[Network(Input = \"9x9x32\")] [Conv(32, 1)] [MaxPool(2)]", true, false)] // a pooling layer writes the output
    [InlineData("[Network(Input = \"9x9x32\")] [MaxPool(2)] [Conv(32, 1)]", false, true)] // a pooling layer reads the input
    [InlineData("[Network(Input = \"9x9x32\")] [Conv(32, 1)] [GlobalAvgPool] [Dense(16)]", false, false)] // dense layers gathered on a batch
    [InlineData("[Network(Input = \"28x28x192\")] [Inception(64, 96, 128, 16, 32, 32)]", false, false)] // the pooling branch; slices of a concatenation
    public void Sides_in_place(string layers, bool input, bool output)
    {
        var plan = Plan("using CnnDsl; namespace T; " + layers + " public partial class Net { }", "T.Net");
        Assert.Equal(input, plan.InputFromCaller);
        Assert.Equal(output, plan.OutputToCaller);
    }

    [Fact]
    public void A_residual_of_partial_vectors_from_the_input_keeps_the_copy()
    {
        const string Block = """
            using CnnDsl;
            namespace T;
            [Block(Merge = Merge.Add, Act = Act.Relu)]
            public class R
            {
                [Conv(CHANNELS, 1, Act = Act.Relu)][Conv(CHANNELS, 1)] public int Main;
                [Identity] public int Shortcut;
            }
            [Network(Input = "8x8xCHANNELS")]
            [Use<R>]
            public partial class Net { }
            """;
        var whole = Plan(Block.Replace("CHANNELS", "32"), "T.Net");
        Assert.True(whole.InputFromCaller && whole.OutputToCaller);
        var partial = Plan(Block.Replace("CHANNELS", "24"), "T.Net");
        Assert.False(partial.InputFromCaller);
        Assert.False(partial.OutputToCaller);
    }

    private static InferencePlan Plan(string source, string typeName) => PlannedNetwork.Of(source, typeName);
}
