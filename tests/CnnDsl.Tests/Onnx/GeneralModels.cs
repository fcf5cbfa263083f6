namespace CnnDsl.Tests.Onnx;

/// <summary>
/// A PyTorch-style ONNX model of the general convolutions and pools, written node by node from the operator specs
/// (NCHW): a zero Pad before a 1x3 convolution strided (1, 2) with a batch norm of Keras's epsilon, a grouped dilated
/// 3x3, a 7x1, a depthwise 3x3 dilated (2, 1) and strided (2, 1), a 3x2 average pool counting its padding, a 2x3
/// max pool strided (2, 1), then global pool and a dense layer. Its scaffold is checked in as
/// <see cref="ScaffoldedGeneral"/>.
/// </summary>
internal static class GeneralModels
{
    public const int Height = 13, Width = 11, Channels = 8;

    public static byte[] Build(int seed)
    {
        var m = new TinyOnnxModel(seed);
        string x = m.Input("image", 1, Channels, Height, Width);
        string pads = m.Int64s("stem_pads", 0, 0, 1, 2, 0, 0, 1, 2);
        string padded = m.Node("Pad", "stem_pad", new[] { x, pads }, TinyOnnxModel.Str("mode", "constant"));
        string stem = m.Node("Conv", "stem", new[] { padded, m.Initializer("stem.w", new long[] { 12, Channels, 1, 3 }) },
            TinyOnnxModel.Ints("kernel_shape", 1, 3), TinyOnnxModel.Ints("strides", 1, 2), TinyOnnxModel.Ints("pads", 0, 0, 0, 0));
        stem = m.BatchNorm("stem_bn", stem, 12, epsilon: 1e-3f);
        stem = m.Node("Relu", "stem_relu", new[] { stem });
        string grouped = m.Node("Conv", "grouped", new[] { stem, m.Initializer("grouped.w", new long[] { 24, 3, 3, 3 }), m.Initializer("grouped.b", new long[] { 24 }) },
            TinyOnnxModel.Ints("kernel_shape", 3, 3), TinyOnnxModel.Ints("dilations", 2, 2), TinyOnnxModel.Ints("pads", 2, 2, 2, 2), TinyOnnxModel.Int("group", 4));
        grouped = m.Node("Relu", "grouped_relu", new[] { grouped });
        string tall = m.Node("Conv", "tall", new[] { grouped, m.Initializer("tall.w", new long[] { 16, 24, 7, 1 }), m.Initializer("tall.b", new long[] { 16 }) },
            TinyOnnxModel.Ints("kernel_shape", 7, 1), TinyOnnxModel.Ints("pads", 3, 0, 3, 0));
        string dw = m.Node("Conv", "dw", new[] { tall, m.Initializer("dw.w", new long[] { 16, 1, 3, 3 }), m.Initializer("dw.b", new long[] { 16 }) },
            TinyOnnxModel.Ints("kernel_shape", 3, 3), TinyOnnxModel.Ints("dilations", 2, 1), TinyOnnxModel.Ints("strides", 2, 1), TinyOnnxModel.Ints("pads", 2, 1, 2, 1), TinyOnnxModel.Int("group", 16));
        dw = m.Node("Relu", "dw_relu", new[] { dw });
        string avg = m.Node("AveragePool", "avg", new[] { dw }, TinyOnnxModel.Ints("kernel_shape", 3, 2), TinyOnnxModel.Ints("strides", 1, 2),
            TinyOnnxModel.Ints("pads", 1, 0, 1, 1), TinyOnnxModel.Int("count_include_pad", 1));
        string max = m.Node("MaxPool", "max", new[] { avg }, TinyOnnxModel.Ints("kernel_shape", 2, 3), TinyOnnxModel.Ints("strides", 2, 1), TinyOnnxModel.Ints("pads", 0, 1, 0, 1));
        string gap = m.Node("GlobalAveragePool", "gap", new[] { max });
        string flat = m.Node("Flatten", "flatten", new[] { gap }, TinyOnnxModel.Int("axis", 1));
        string fc = m.Node("Gemm", "fc", new[] { flat, m.Initializer("fc.w", new long[] { 5, 16 }), m.Initializer("fc.b", new long[] { 5 }) }, TinyOnnxModel.Int("transB", 1));
        m.Output(fc, 1, 5);
        return m.ToBytes();
    }
}
