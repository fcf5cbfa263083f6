using System;
using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>
/// Fully connected on the NHWC-flattened input, weights [units, features] as stored. Forward per image:
/// y[u] = bias[u] + dot(x, w[u, :]). Backward: dx += dy[u] w[u, :] per image; dw[u, :] = sum over images in order of
/// dy[n, u] x[n, :] and dbias[u] = sum of dy[n, u], one item per unit.
/// </summary>
internal sealed class DenseKernel : OperationKernel
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly int _features, _units;

    public DenseKernel(KernelSetup setup) : base(setup)
    {
        _weight = setup.Parameter(Info.Name + ".weight");
        _bias = Info.Bias ? setup.Parameter(Info.Name + ".bias") : null;
        _features = Info.Input.Length;
        _units = Info.Output.Length;
    }

    public override void Forward() => Parallel(0, Batch);

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, Batch);
        if (_weight.Trainable || _bias is { Trainable: true }) Parallel(2, _units);
    }

    protected override void Execute(int phase, int item)
    {
        float[] w = _weight.Values;
        switch (phase)
        {
            case 0:
            {
                var x = Image(Input(0), item, _features);
                var y = Image(Node.Core, item, _units);
                for (int u = 0; u < _units; u++) y[u] = (_bias?.Values[u] ?? 0) + TensorPrimitives.Dot(x, w.AsSpan(u * _features, _features));
                return;
            }
            case 1:
            {
                var dx = Image(InputGradient(0)!, item, _features);
                var dy = Image(Node.OutputGradient!, item, _units);
                for (int u = 0; u < _units; u++) TensorPrimitives.MultiplyAdd(w.AsSpan(u * _features, _features), dy[u], dx, dx);
                return;
            }
            default:
            {
                int u = item;
                float[] dy = Node.OutputGradient!;
                if (_weight.Gradient is { } gradient)
                {
                    var dw = gradient.AsSpan(u * _features, _features);
                    dw.Clear();
                    for (int n = 0; n < Batch; n++) TensorPrimitives.MultiplyAdd(Image(Input(0), n, _features), dy[n * _units + u], dw, dw);
                }
                if (_bias is { Gradient: { } biasGradient })
                {
                    float sum = 0;
                    for (int n = 0; n < Batch; n++) sum += dy[n * _units + u];
                    biasGradient[u] = sum;
                }
                return;
            }
        }
    }
}
