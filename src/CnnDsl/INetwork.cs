using System;
using System.Collections.Generic;

namespace CnnDsl;

/// <summary>
/// What every generated network class implements, so generic code (multi-crop evaluation, ensembles, benchmarks) can
/// take any CnnDsl network. The generated class's constants (<c>InputHeight</c>, <c>OutputLength</c>, ...) and static
/// <c>Graph</c> say the same at compile time; these members give them through an instance.
/// </summary>
public interface INetwork
{
    /// <summary>The input of one image (NHWC).</summary>
    TensorShape InputShape { get; }

    /// <summary>The output of one image.</summary>
    TensorShape OutputShape { get; }

    /// <summary>Floats per input image.</summary>
    int InputLength { get; }

    /// <summary>Floats per output.</summary>
    int OutputLength { get; }

    /// <summary>The lowered graph (primitive operations with shapes and costs), in topological order.</summary>
    IReadOnlyList<NodeInfo> Graph { get; }

    /// <summary>
    /// Runs the network on one image or a batch (a whole multiple of <see cref="InputLength"/>) into as many outputs
    /// of <see cref="OutputLength"/>; a wrong length is an <see cref="ArgumentException"/>.
    /// </summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output);
}
