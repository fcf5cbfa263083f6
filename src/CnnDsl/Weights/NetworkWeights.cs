using System;
using System.Collections.Generic;
using System.Globalization;

namespace CnnDsl;

/// <summary>
/// The parameter tensors of one network, each named and shape-checked, stored in the canonical interchange
/// layout (convolution weights OIHW, dense weights [units, inFeatures], as ONNX and PyTorch store them).
/// Each network's generated <c>Weights</c> class derives from this with one named property per tensor.
/// Not thread-safe for writes; read concurrently once filled.
/// </summary>
public class NetworkWeights
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly float[][] _data;

    /// <summary>Creates zero-filled tensors for <paramref name="tensors"/> (batch-norm variances 1, so the result is usable).</summary>
    /// <param name="graph">The network's lowered graph (the generated <c>Graph</c>).</param>
    /// <param name="tensors">The network's parameter tensors (the generated <c>Tensors</c>).</param>
    protected NetworkWeights(IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        Tensors = tensors ?? throw new ArgumentNullException(nameof(tensors));
        _data = new float[tensors.Count][];
        for (int i = 0; i < tensors.Count; i++)
        {
            _index.Add(tensors[i].Name, i);
            _data[i] = new float[tensors[i].Length];
            _data[i].AsSpan().Fill(NeutralValue(tensors[i]));
        }
    }

    /// <summary>The network's lowered graph.</summary>
    public IReadOnlyList<NodeInfo> Graph { get; }

    /// <summary>Every tensor's name and canonical shape, in graph order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Whether a tensor of that name exists.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The values of tensor <paramref name="name"/> (canonical layout); writable in place.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name; the message lists a few that do.</exception>
    public float[] this[string name] => _data[IndexOf(name)];

    /// <summary>The values of tensor <paramref name="index"/> of <see cref="Tensors"/>: the generated properties' body (their names are in their documentation).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an index of <see cref="Tensors"/>.</exception>
    protected float[] Values(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _data.Length);
        return _data[index];
    }

    /// <summary>The description of tensor <paramref name="name"/>.</summary>
    public TensorInfo Info(string name) => Tensors[IndexOf(name)];

    /// <summary>Copies <paramref name="values"/> into tensor <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The length does not match the tensor's shape; the message names both.</exception>
    public void Set(string name, ReadOnlySpan<float> values)
    {
        int i = IndexOf(name);
        if (values.Length != _data[i].Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Tensor '{name}' expects shape {Tensors[i].ShapeText} ({_data[i].Length} values), but {values.Length} values were given."), nameof(values));
        }
        values.CopyTo(_data[i]);
    }

    /// <summary>
    /// Fills every tensor with seeded random values: He normal for weights followed by a ReLU-family activation,
    /// Glorot uniform for the others, zero biases, and batch norms with scale 1, shift 0, mean 0, variance 1.
    /// The same seed gives the same weights on every machine, whatever the object held before.
    /// </summary>
    public void InitializeRandom(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < Tensors.Count; i++)
        {
            var info = Tensors[i];
            var data = _data[i];
            var node = Graph[info.Node];
            if (info.Name != node.Name + ".weight" || node.Op is not (Op.Conv or Op.DepthwiseConv or Op.Dense))
            {
                // Biases and batch-norm parameters and statistics: reset, so the result depends on the seed alone.
                data.AsSpan().Fill(NeutralValue(info));
            }
            else
            {
                int fanIn = info.Length / info.Shape[0];
                int fanOut = info.Length / Math.Max(1, info.Shape.Count > 1 ? info.Shape[1] : 1);
                if (node.Act is Act.Relu or Act.Relu6 or Act.Swish or Act.HardSwish)
                {
                    double std = Math.Sqrt(2.0 / fanIn);
                    for (int j = 0; j < data.Length; j++) data[j] = (float)(std * Gaussian(random));
                }
                else
                {
                    double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
                    for (int j = 0; j < data.Length; j++) data[j] = (float)((random.NextDouble() * 2 - 1) * limit);
                }
            }
        }
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller: deterministic for a seeded Random.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>1 for batch-norm scales and variances (an identity batch norm), 0 for everything else.</summary>
    private float NeutralValue(TensorInfo tensor)
        => tensor.Name.EndsWith("running_var", StringComparison.Ordinal) || tensor.Name.EndsWith("bn.weight", StringComparison.Ordinal) || IsStandaloneBatchNormScale(tensor) ? 1f : 0f;

    private bool IsStandaloneBatchNormScale(TensorInfo tensor)
        => Graph[tensor.Node].Op == Op.BatchNorm && tensor.Name == Graph[tensor.Node].Name + ".weight";

    private int IndexOf(string name)
    {
        if (_index.TryGetValue(name, out int i)) return i;
        var known = new List<string>();
        for (int j = 0; j < Math.Min(5, Tensors.Count); j++) known.Add(Tensors[j].Name);
        throw new KeyNotFoundException($"This network has no tensor named '{name}'. Its tensors include: {string.Join(", ", known)}{(Tensors.Count > 5 ? ", ..." : "")}.");
    }
}
