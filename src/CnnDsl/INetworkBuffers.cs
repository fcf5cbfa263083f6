using System;

namespace CnnDsl;

/// <summary>
/// A generated network's own buffers for one image, as TensorFlow Lite's input and output tensors: a producer (a
/// decoder, a normalization) writes the image straight into <see cref="InputBuffer"/>, <see cref="Forward"/> runs it,
/// and the result is read from <see cref="OutputBuffer"/>, without the copy in and out that
/// <see cref="INetwork.Forward(ReadOnlySpan{float}, Span{float})"/> makes. Every generated network class implements it.
/// </summary>
public interface INetworkBuffers : INetwork
{
    /// <summary>
    /// Where the next image goes (<see cref="INetwork.InputLength"/> floats, NHWC): a region of the instance's scratch
    /// arena, which the layers reuse while a call runs, so write the image again before each call.
    /// </summary>
    Span<float> InputBuffer { get; }

    /// <summary>
    /// The last <see cref="Forward"/>'s result (<see cref="INetwork.OutputLength"/> floats), until the next call or the
    /// next write to <see cref="InputBuffer"/> (the two may share memory).
    /// </summary>
    ReadOnlySpan<float> OutputBuffer { get; }

    /// <summary>Runs the image in <see cref="InputBuffer"/>, leaving the result in <see cref="OutputBuffer"/>.</summary>
    void Forward();
}
