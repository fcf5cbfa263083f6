using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnDsl.Tests.Onnx;

/// <summary>ONNX Runtime on a model with one NCHW float input and one float output (the layout of real ONNX models).</summary>
internal static class OnnxRuntimeNchw
{
    public static float[] Run(byte[] model, float[] input, params int[] dims)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        string name = session.InputMetadata.Keys.Single();
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(input, dims)) });
        return results.First().AsEnumerable<float>().ToArray();
    }

    /// <summary>NCHW [1, C, H, W] to NHWC.</summary>
    public static float[] ToNhwc(float[] nchw, int c, int h, int w)
    {
        var nhwc = new float[nchw.Length];
        for (int ch = 0; ch < c; ch++)
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            nhwc[(y * w + x) * c + ch] = nchw[(ch * h + y) * w + x];
        return nhwc;
    }
}
