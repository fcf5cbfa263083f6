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
                for (int i = 0; i < length; i++) d[i] *= y[i] * (1 - y[i]);
                return;
            case Act.Swish:
                for (int i = 0; i < length; i++) d[i] *= SwishDerivative(z[i]);
                return;
            case Act.HardSwish:
                for (int i = 0; i < length; i++) d[i] *= z[i] < -3 ? 0 : z[i] <= 3 ? (2 * z[i] + 3) / 6 : 1;
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

    private static float SwishDerivative(float x)
    {
        float s = 1 / (1 + MathF.Exp(-x));
        return s + x * s * (1 - s);
    }

    /// <summary>y = act(z) over whole positions (a multiple of the channels); z and y may be the same memory.</summary>
    public void Apply(Span<float> z, Span<float> y)
    {
        switch (_act)
        {
            case Act.Relu:
                System.Numerics.Tensors.TensorPrimitives.Max(z, 0f, y);
                return;
            case Act.Relu6:
                System.Numerics.Tensors.TensorPrimitives.Clamp(z, 0f, 6f, y);
                return;
            case Act.Sigmoid:
                System.Numerics.Tensors.TensorPrimitives.Sigmoid(z, y);
                return;
            case Act.Swish:
                for (int i = 0; i < z.Length; i++) y[i] = z[i] / (1 + MathF.Exp(-z[i]));
                return;
            case Act.HardSwish:
                for (int i = 0; i < z.Length; i++) y[i] = z[i] * Math.Clamp(z[i] + 3, 0, 6) / 6;
                return;
            case Act.Softmax:
                for (int start = 0; start < z.Length; start += _channels)
                    System.Numerics.Tensors.TensorPrimitives.SoftMax(z.Slice(start, _channels), y.Slice(start, _channels));
                return;
            default:
                throw new NotSupportedException($"Node {_node.Info.Label}: training does not know activation {_act}.");
        }
    }
}
