using System;

namespace CnnDsl.Training;

/// <summary>
/// Fully connected on the NHWC-flattened input, weights [units, features] as stored, on <see cref="PanelProduct"/>
/// (blocks of up to four images, or four units, share every vector loaded). The weights are repacked each pass as
/// [features][units] (forward) and as padded [units][features] rows (input gradient).
/// Forward: y[n, :] = bias + sum over f of x[n, f] w^T[f, :]. Input gradient: dx[n, :] += sum over u of dy[n, u] w[u, :].
/// Weight gradient, per block of four units and block of features: dw[u, f] = sum over images in order of dy[n, u] x[n, f];
/// dbias[u] = sum of dy[n, u] in image order.
/// </summary>
internal sealed class DenseKernel : OperationKernel
{
    private const int FeatureBlock = 512;
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly int _features, _units, _unitsPadded, _featuresPadded, _featureBlocks;
    private readonly float[] _transposed;
    private readonly float[] _padded;

    public DenseKernel(KernelSetup setup) : base(setup)
    {
        _weight = setup.Parameter(Info.Name + ".weight");
        _bias = Info.Bias ? setup.Parameter(Info.Name + ".bias") : null;
        _features = Info.Input.Length;
        _units = Info.Output.Length;
        _unitsPadded = PanelProduct.Padded(_units);
        _featuresPadded = PanelProduct.Padded(_features);
        _featureBlocks = (_features + FeatureBlock - 1) / FeatureBlock;
        _transposed = new float[_features * _unitsPadded];
        _padded = new float[_units * _featuresPadded];
    }

    private int ImageBlocks => (Batch + PanelProduct.MaxRows - 1) / PanelProduct.MaxRows;

    private int UnitBlocks => (_units + PanelProduct.MaxRows - 1) / PanelProduct.MaxRows;

    public override void Prepare()
    {
        float[] w = _weight.Values;
        for (int u = 0; u < _units; u++)
        {
            w.AsSpan(u * _features, _features).CopyTo(_padded.AsSpan(u * _featuresPadded));
            for (int f = 0; f < _features; f++) _transposed[f * _unitsPadded + u] = w[u * _features + f];
        }
    }

    public override void Forward() => Parallel(0, ImageBlocks);

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, ImageBlocks * _featureBlocks);
        if (_weight.Trainable) Parallel(2, UnitBlocks * _featureBlocks);
        if (_bias is { Gradient: { } biasGradient })
        {
            float[] dy = Node.OutputGradient!;
            for (int u = 0; u < _units; u++)
            {
                float sum = 0;
                for (int n = 0; n < Batch; n++) sum += dy[n * _units + u];
                biasGradient[u] = sum;
            }
        }
    }

    protected override void Execute(int phase, int item)
    {
        Span<int> aRows = stackalloc int[PanelProduct.MaxRows], cRows = stackalloc int[PanelProduct.MaxRows];
        switch (phase)
        {
            case 0:
            {
                int rows = Rows(item, Batch);
                float[] y = Node.Core;
                for (int r = 0; r < rows; r++)
                {
                    int n = item * PanelProduct.MaxRows + r;
                    aRows[r] = n * _features;
                    cRows[r] = n * _units;
                    if (_bias is null) y.AsSpan(n * _units, _units).Clear();
                    else _bias.Values.AsSpan().CopyTo(y.AsSpan(n * _units, _units));
                }
                PanelProduct.Accumulate(Input(0), aRows[..rows], 1, _features, _transposed, 0, _unitsPadded, y, cRows[..rows], _units);
                return;
            }
            case 1:
            {
                int block = item / _featureBlocks, f0 = item % _featureBlocks * FeatureBlock;
                int rows = Rows(block, Batch);
                for (int r = 0; r < rows; r++)
                {
                    int n = block * PanelProduct.MaxRows + r;
                    aRows[r] = n * _units;
                    cRows[r] = n * _features + f0;
                }
                PanelProduct.Accumulate(Node.OutputGradient!, aRows[..rows], 1, _units, _padded, f0, _featuresPadded, InputGradient(0)!, cRows[..rows], Math.Min(FeatureBlock, _features - f0));
                return;
            }
            default:
            {
                int block = item / _featureBlocks, f0 = item % _featureBlocks * FeatureBlock;
                int rows = Rows(block, _units), columns = Math.Min(FeatureBlock, _features - f0);
                float[] dw = _weight.Gradient!;
                for (int r = 0; r < rows; r++)
                {
                    int u = block * PanelProduct.MaxRows + r;
                    aRows[r] = u;
                    cRows[r] = u * _features + f0;
                    dw.AsSpan(cRows[r], columns).Clear();
                }
                PanelProduct.Accumulate(Node.OutputGradient!, aRows[..rows], _units, Batch, Input(0), f0, _features, dw, cRows[..rows], columns);
                return;
            }
        }
    }

    private static int Rows(int block, int total) => Math.Min(PanelProduct.MaxRows, total - block * PanelProduct.MaxRows);
}
