extern alias generator;

using System.Linq;
using CnnDsl.Generator.Tests.Infrastructure;
using generator::CnnDsl.Model;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Which blocks the plan runs in bands of rows on one thread (<c>RowStreams</c>): a 1x1 expansion read only by a
/// depthwise layer read only by a 1x1 projection, the expanded tensor at least 128K floats, and the block's buffers kept
/// apart for its whole run. The agreement tests check the numbers (one thread against the reference, two threads bit for
/// bit against one); this checks that the bands happen where they should, and so that those tests run them.
/// </summary>
public class RowStreamPlanTests
{
    [Theory]
    [InlineData("56x56x24", "[Conv(144, 1, Act = Act.Relu6)] [DepthwiseConv(3, Act = Act.Relu6)] [Conv(24, 1)]", true)]   // MobileNet V2's invres2.2: 451,584 floats expanded
    [InlineData("112x112x16", "[Conv(96, 1)] [DepthwiseConv(3, Stride = 2)] [Conv(24, 1)]", true)]                         // strided depthwise
    [InlineData("14x14x64", "[Conv(384, 1)] [DepthwiseConv(3)] [Conv(64, 1)]", false)]                                     // 75,264 floats: stays in L2 anyway
    [InlineData("56x56x24", "[Conv(144, 3)] [DepthwiseConv(3)] [Conv(24, 1)]", false)]                                     // not a 1x1 expansion
    [InlineData("56x56x24", "[Conv(144, 1)] [DepthwiseConv(3)] [Conv(24, 3)]", false)]                                     // not a 1x1 projection
    [InlineData("56x56x24", "[Conv(144, 1)] [DepthwiseConv(3)] [SqueezeExcite(0.25)] [Conv(24, 1)]", false)]             // a gate between
    public void Blocks_stream_where_the_expanded_tensor_is_large(string input, string layers, bool streams)
    {
        var plan = Plan("using CnnDsl; namespace T; [Network(Input = \"" + input + "\")] [Conv(24, 1)] " + layers + " public partial class Net { }", "T.Net");
        Assert.Equal(streams ? 1 : 0, plan.Nodes.Count(n => n.StreamEnd >= 0));
        Assert.Equal(streams ? 2 : 0, plan.Nodes.Count(n => n.StreamedBy >= 0));
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
