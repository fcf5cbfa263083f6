extern alias generator;

using System.Linq;
using CnnDsl.Generator.Tests.Infrastructure;
using generator::CnnDsl.Model;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Which blocks the plan runs in bands of rows (<c>RowStreams</c>): a 1x1 expansion read only by a depthwise layer, the
/// expanded tensor at least 128K floats, with the 1x1 projection where it alone reads the depthwise output and no gate
/// scales its weights, and the block's buffers kept apart for its whole run. The agreement tests check the numbers (one thread against the reference, two threads bit for
/// bit against one); this checks that the bands happen where they should, and so that those tests run them.
/// </summary>
public class RowStreamPlanTests
{
    [Theory]
    [InlineData("56x56x24", "[Conv(144, 1, Act = Act.Relu6)] [DepthwiseConv(3, Act = Act.Relu6)] [Conv(24, 1)]", 3)]   // MobileNet V2's invres2.2: 451,584 floats expanded
    [InlineData("112x112x16", "[Conv(96, 1)] [DepthwiseConv(3, Stride = 2)] [Conv(24, 1)]", 3)]                         // strided depthwise
    [InlineData("14x14x64", "[Conv(384, 1)] [DepthwiseConv(3)] [Conv(64, 1)]", 0)]                                     // 75,264 floats: stays in L2 anyway
    [InlineData("56x56x24", "[Conv(144, 3)] [DepthwiseConv(3)] [Conv(24, 1)]", 0)]                                     // not a 1x1 expansion
    [InlineData("56x56x24", "[Conv(144, 1)] [DepthwiseConv(3)] [Conv(24, 3)]", 2)]                                     // not a 1x1 projection: it runs after
    [InlineData("56x56x24", "[Conv(144, 1, Act = Act.Swish)] [DepthwiseConv(5, Act = Act.Swish)] [SqueezeExcite(0.25)] [Conv(24, 1)]", 2)] // a gate pools the depthwise output first
    public void Blocks_stream_where_the_expanded_tensor_is_large(string input, string layers, int streamed)
    {
        var plan = Plan("using CnnDsl; namespace T; [Network(Input = \"" + input + "\")] [Conv(24, 1)] " + layers + " public partial class Net { }", "T.Net");
        var expand = plan.Nodes.SingleOrDefault(n => n.StreamEnd >= 0);
        Assert.Equal(streamed > 0, expand is not null);
        // The expansion, and the depthwise layer and the projection it streams.
        Assert.Equal(streamed, plan.Nodes.Count(n => n.StreamedBy >= 0) + (expand is null ? 0 : 1));
    }

    [Fact]
    public void An_expansion_of_more_inputs_than_the_kernel_sweeps_at_once_does_not_stream()
    {
        // 257 input channels: the kernel would store the sums of its first 256 in the rows both parts of the block write.
        Assert.Equal(CnnDsl.Kernels.ConvKernel.TapsPerPart, RowStreams.MaxExpansionInputs);
        string net(int inputs) => "using CnnDsl; namespace T; [Network(Input = \"28x28x" + inputs + "\")] [Conv(" + inputs + ", 1)] [Conv(192, 1)] [DepthwiseConv(3)] [Conv(24, 1)] public partial class Net { }";
        Assert.Single(Plan(net(256), "T.Net").Nodes, n => n.StreamEnd >= 0);
        Assert.DoesNotContain(Plan(net(257), "T.Net").Nodes, n => n.StreamEnd >= 0);
    }

    [Fact]
    public void An_expansion_read_twice_does_not_stream()
    {
        // The expansion is read by the depthwise layer and, through the identity branch, by the concatenation.
        var plan = Plan(
            "using CnnDsl; namespace T; [Network(Input = \"56x56x24\")] [Conv(144, 1)] [Block(Merge = Merge.Concat)] public partial class Net { "
            + "[DepthwiseConv(3)] [Conv(24, 1)] partial void A(); [Identity] partial void B(); }",
            "T.Net");
        Assert.DoesNotContain(plan.Nodes, n => n.StreamEnd >= 0);
    }

    [Fact]
    public void A_streamed_block_keeps_its_buffers_apart()
    {
        var plan = Plan(
            "using CnnDsl; namespace T; [Network(Input = \"56x56x24\")] [Conv(24, 1)] [Conv(144, 1)] [DepthwiseConv(3)] [Conv(24, 1)] [Conv(8, 1)] public partial class Net { }",
            "T.Net");
        var expand = plan.Nodes.Single(n => n.StreamEnd >= 0);
        var members = plan.Nodes.Where(n => n.StreamedBy == expand.NodeId).ToList();
        // The block's input, expanded tensor, depthwise output and result: four buffers, no two overlapping in the arena.
        var buffers = new[] { plan.Nodes[expand.NodeId - 1].Buffer, expand.Buffer, members[0].Buffer, members[1].Buffer }.Select(b => plan.Buffers[b]).ToList();
        Assert.Equal(4, buffers.Select(b => b.Id).Distinct().Count());
        foreach (var a in buffers)
        {
            foreach (var b in buffers.Where(b => b.Id != a.Id)) Assert.True(a.Offset + a.Length <= b.Offset || b.Offset + b.Length <= a.Offset, a.Purpose + " overlaps " + b.Purpose);
        }
    }

    private static InferencePlan Plan(string source, string typeName) => PlannedNetwork.Of(source, typeName);
}
