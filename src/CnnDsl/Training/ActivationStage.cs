using System;

namespace CnnDsl.Training;

/// <summary>
/// A node's activation and its derivative, per image. At the kinks the derivative takes PyTorch's side: ReLU 0 at 0,
/// ReLU6 0 at 0 and 6, HardSwish (2x + 3) / 6 on [-3, 3]. Softmax runs over each position's channels.
/// </summary>
internal sealed class ActivationStage : IParallelWork
{
    private readonly TrainingNode _node;
    private readonly TrainingRun _run;
    private readonly Act _act;
    private readonly int _channels;
    private bool _backward;

    public ActivationStage(TrainingNode node, TrainingRun run)
    {
        _node = node;
        _run = run;
        _act = node.Info.Act;
        _channels = node.Info.Output.Channels;
    }

    public void Forward() => Run(backward: false);

    /// <summary>Replaces dloss/doutput by dloss/dinput in the node's gradient buffer.</summary>
    public void Backward() => Run(backward: true);

    private void Run(bool backward)
    {
        _backward = backward;
        var profile = _run.Profile;
        double start = profile?.Now() ?? 0;
        _run.Pool.Run(this, _run.Batch);
        profile?.Add(_act.ToString(), backward ? TrainingStage.ActivationBackward : TrainingStage.Activation, start);
    }

    public void Execute(int image)
    {
        int length = _node.Info.Output.Length;
        var z = _node.PreActivation.AsSpan(image * length, length);
        var y = _node.Output.AsSpan(image * length, length);
        if (!_backward)
        {
            Apply(z, y);
            return;
        }
        var d = _node.OutputGradient.AsSpan(image * length, length);
        if (_act == Act.Softmax)
        {
            for (int start = 0; start < length; start += _channels)
            {
                var yc = y.Slice(start, _channels);
                var dc = d.Slice(start, _channels);
                float dot = System.Numerics.Tensors.TensorPrimitives.Dot(dc, yc);
                for (int c = 0; c < _channels; c++) dc[c] = yc[c] * (dc[c] - dot);
            }
            return;
        }
        switch (_act)
        {
            case Act.Relu:
                PassWhereInside(y, d, 0, float.PositiveInfinity);
                return;
            case Act.Relu6:
                PassWhereInside(y, d, 0, 6);
                return;
            case Act.Sigmoid:
                ActivationDerivative.Sigmoid(y, d);
                return;
            case Act.Swish:
                ActivationDerivative.Swish(z, d);
                return;
            case Act.HardSwish:
                ActivationDerivative.HardSwish(z, d);
                return;
        }
    }

    /// <summary>d[i] stays where low &lt; y[i] &lt; high and becomes 0 elsewhere (the derivative of a clamp, told from its output).</summary>
    private static void PassWhereInside(ReadOnlySpan<float> y, Span<float> d, float low, float high)
    {
        int i = 0, width = System.Numerics.Vector<float>.Count;
        var lowV = new System.Numerics.Vector<float>(low);
        var highV = new System.Numerics.Vector<float>(high);
        for (; i + width <= y.Length; i += width)
        {
            var yv = new System.Numerics.Vector<float>(y.Slice(i));
            var inside = System.Numerics.Vector.GreaterThan(yv, lowV) & System.Numerics.Vector.LessThan(yv, highV);
            System.Numerics.Vector.ConditionalSelect(inside, new System.Numerics.Vector<float>(d.Slice(i)), System.Numerics.Vector<float>.Zero).CopyTo(d.Slice(i));
        }
        for (; i < y.Length; i++) d[i] = y[i] > low && y[i] < high ? d[i] : 0;
    }

    /// <summary>
    /// y = act(z) over whole positions (a multiple of the channels); z and y may be the same memory. The inference's
    /// activations (<see cref="Kernels.Activations"/>): vectorized, IEEE at the extremes, and a softmax that subtracts
    /// each position's maximum first, as inference's does.
    /// </summary>
    public void Apply(Span<float> z, Span<float> y)
    {
        if (_act is < Act.None or > Act.Softmax) throw new NotSupportedException($"Node {_node.Info.Label}: training does not know activation {_act}.");
        Kernels.Activations.Apply(z, y, _act, _channels);
    }
}
