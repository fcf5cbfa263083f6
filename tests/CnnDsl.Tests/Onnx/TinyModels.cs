namespace CnnDsl.Tests.Onnx;

/// <summary>One detail in which an ONNX model differs from <see cref="TinyNetwork"/>.</summary>
public enum TinyVariation
{
    None,
    StemPadsSymmetric,
    DepthwiseStride1,
    StemChannels8,
    StemWithoutBatchNorm,
    ExtraReluAtEnd,
    StemEpsilon,
    DenseUnits6,
    ResidualWithoutShortcut,
}

/// <summary>The ONNX counterpart of <see cref="TinyNetwork"/>, written from the operator specs, in NCHW.</summary>
internal static class TinyModels
{
    public static byte[] Build(int seed, TinyVariation variation = TinyVariation.None)
    {
        var m = new TinyOnnxModel(seed);
        string x = m.Input("image", 1, 3, 9, 9);
        long stemChannels = variation == TinyVariation.StemChannels8 ? 8 : 4;
        long[] stemPads = variation == TinyVariation.StemPadsSymmetric ? new long[] { 1, 1, 1, 1 } : new long[] { 1, 0, 0, 1 };
        string stem = m.Conv("stem", x, stemChannels, 3, 3, 2, stemPads);
        if (variation != TinyVariation.StemWithoutBatchNorm)
        {
            stem = m.BatchNorm("stem_bn", stem, stemChannels, variation == TinyVariation.StemEpsilon ? 1e-3f : 1e-5f);
        }
        stem = m.Node("Relu", "stem_relu", new[] { stem });
        string dw = m.Conv("dw", stem, stemChannels, 1, 3, variation == TinyVariation.DepthwiseStride1 ? 1 : 2, autoPad: "SAME_LOWER", group: stemChannels, bias: true);
        string lo = m.Initializer("clip_lo", System.Array.Empty<long>(), _ => 0f);
        string hi = m.Initializer("clip_hi", System.Array.Empty<long>(), _ => 6f);
        dw = m.Node("Clip", "dw_clip", new[] { dw, lo, hi });
        string main = m.Conv("res_main", dw, 4, 4, 1, 1, bias: true);
        main = m.BatchNorm("res_main_bn", main, 4);
        string sum = variation == TinyVariation.ResidualWithoutShortcut ? main : m.Node("Add", "res_add", new[] { dw, main });
        sum = m.Node("Relu", "res_relu", new[] { sum });
        string pool = m.Node("MaxPool", "pool", new[] { sum }, TinyOnnxModel.Ints("kernel_shape", 2, 2), TinyOnnxModel.Ints("pads", 0, 0, 1, 1));
        string flat = m.Node("Flatten", "flatten", new[] { pool }, TinyOnnxModel.Int("axis", 1));
        long units = variation == TinyVariation.DenseUnits6 ? 6 : 5;
        string fc = m.Node("Gemm", "fc", new[] { flat, m.Initializer("fc.w", new[] { units, 16L }), m.Initializer("fc.b", new[] { units }) }, TinyOnnxModel.Int("transB", 1));
        string output = m.Node("Softmax", "softmax", new[] { fc }, TinyOnnxModel.Int("axis", 1));
        if (variation == TinyVariation.ExtraReluAtEnd) output = m.Node("Relu", "extra", new[] { output });
        m.Output(output, 1, units);
        return m.ToBytes();
    }
}
