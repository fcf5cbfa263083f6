using System;

namespace CnnDsl.Oracles;

/// <summary>ONNX Runtime as an independent oracle: runs an exported model single-threaded, NHWC in and out.</summary>
public static class OnnxRuntimeOracle
{
    /// <summary>Runs <paramref name="batch"/> NHWC images of <paramref name="inputShape"/> through <paramref name="onnxModel"/>.</summary>
    public static float[] Run(byte[] onnxModel, ReadOnlySpan<float> input, int batch, TensorShape inputShape)
    {
        using var session = new OnnxRuntimeSession(onnxModel, inputShape, intraOpThreads: 1);
        return session.Run(input, batch);
    }
}
