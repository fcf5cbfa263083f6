using System.Linq;

namespace CnnDsl.Tests.Pads;

/// <summary>The ResNet-18 (CNTK export) stem: ONNX pads [3,3,2,2] on the 7x7/2 conv and [1,1,0,0] on the 3x3/2 max pool.</summary>
[Network(Input = "224x224x3")]
[Conv(64, 7, Stride = 2, PadTop = 3, PadLeft = 3, PadBottom = 2, PadRight = 2, Bias = false, Name = "stem")]
[MaxPool(3, Stride = 2, PadTop = 1, PadLeft = 1, PadBottom = 0, PadRight = 0, Name = "pool")]
[DepthwiseConv(3, Stride = 2, Padding = CnnDsl.Padding.SameLower, Name = "dw_lower")]
[DepthwiseConv(3, Stride = 2, Padding = CnnDsl.Padding.Same, Name = "dw_upper")]
[AvgPool(2, Stride = 1, PadTop = 0, PadLeft = 1, PadBottom = 1, PadRight = 0, Name = "avg")]
[Conv(8, 3, Pad = 1, PadTop = 0, PadLeft = 0, PadBottom = 0, PadRight = 0, Name = "explicit_wins")]
public partial class AsymmetricStem
{
}

[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public class AsymmetricPaddingTests
{
    private static NodeInfo Node(string name) => AsymmetricStem.Graph.Single(n => n.Name == name);

    [Fact]
    public void Explicit_pads_set_each_side_and_the_output_size()
    {
        // ONNX: out = floor((in + begin + end - kernel) / stride) + 1 = floor((224 + 5 - 7) / 2) + 1 = 112.
        var stem = Node("stem");
        Assert.Equal((3, 3, 2, 2), (stem.PadTop, stem.PadLeft, stem.PadBottom, stem.PadRight));
        Assert.Equal(new TensorShape(112, 112, 64), stem.Output);
        // floor((112 + 1 - 3) / 2) + 1 = 56.
        var pool = Node("pool");
        Assert.Equal((1, 1, 0, 0), (pool.PadTop, pool.PadLeft, pool.PadBottom, pool.PadRight));
        Assert.Equal(new TensorShape(56, 56, 64), pool.Output);
    }

    [Fact]
    public void SameLower_puts_the_odd_padding_first_and_Same_last()
    {
        // 56 -> ceil(56 / 2) = 28; total = (28 - 1) * 2 + 3 - 56 = 1 row: SAME_LOWER at the top, SAME_UPPER at the bottom.
        var lower = Node("dw_lower");
        Assert.Equal((1, 1, 0, 0), (lower.PadTop, lower.PadLeft, lower.PadBottom, lower.PadRight));
        Assert.Equal(new TensorShape(28, 28, 64), lower.Output);
        var upper = Node("dw_upper");
        Assert.Equal((0, 0, 1, 1), (upper.PadTop, upper.PadLeft, upper.PadBottom, upper.PadRight));
        Assert.Equal(new TensorShape(14, 14, 64), upper.Output);
    }

    [Fact]
    public void Pool_pads_and_explicit_zero_pads_override_Pad()
    {
        // 14 + 0 + 1 - 2 + 1 = 14 on both axes.
        var avg = Node("avg");
        Assert.Equal((0, 1, 1, 0), (avg.PadTop, avg.PadLeft, avg.PadBottom, avg.PadRight));
        Assert.Equal(new TensorShape(14, 14, 64), avg.Output);
        // Pad = 1 would keep 14; the explicit zero pads win: 14 - 3 + 1 = 12.
        var conv = Node("explicit_wins");
        Assert.Equal((0, 0, 0, 0), (conv.PadTop, conv.PadLeft, conv.PadBottom, conv.PadRight));
        Assert.Equal(new TensorShape(12, 12, 8), conv.Output);
    }

    [Fact]
    public void New_enum_member_keeps_the_existing_values()
    {
        Assert.Equal(0, (int)CnnDsl.Padding.Same);
        Assert.Equal(1, (int)CnnDsl.Padding.Valid);
        Assert.Equal(2, (int)CnnDsl.Padding.SameLower);
    }
}
