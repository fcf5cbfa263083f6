using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnDsl.Tests.Onnx;

/// <summary>ONNX Runtime (single-threaded) on a model with one NCHW float input and one float output, the layout of real ONNX models.</summary>
internal sealed class OnnxRuntimeNchw : IDisposable
{
    private readonly SessionOptions _options = new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
    private readonly InferenceSession _session;
    private readonly string _input;

    public OnnxRuntimeNchw(byte[] model)
    {
        _session = new InferenceSession(model, _options);
        _input = _session.InputMetadata.Keys.Single();
    }

    public float[] Run(float[] input, params int[] dims)
    {
        using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor(_input, new DenseTensor<float>(input, dims)) });
        return results.First().AsEnumerable<float>().ToArray();
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    public static float[] Run(byte[] model, float[] input, params int[] dims)
    {
        using var session = new OnnxRuntimeNchw(model);
        return session.Run(input, dims);
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
