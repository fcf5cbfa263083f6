using System;

namespace CnnDsl.Training;

/// <summary>
/// The loss on the last node, per image, and its gradient: per-image losses are added in image order (in double).
/// Cross-entropy works from the logits (the softmax's input when the network ends in one, so a probability that rounds
/// to 0 still gives a finite loss): loss = sum over k of t_k (logsumexp(z) - z_k), dz = (softmax(z) - t) / batch, written
/// as the gradient of the softmax's input (its backward is then skipped). Mean squared error: dy = 2 (y - t) / count.
/// </summary>
internal sealed class LossStage : IParallelWork
{
    private readonly TrainingNode _last;
    private readonly TrainingRun _run;
    private readonly TrainingLoss _kind;
    private readonly float _smoothing;
    private readonly int _classes;
    private int[] _labels = Array.Empty<int>();
    private float[] _targets = Array.Empty<float>();
    private double[] _losses = Array.Empty<double>();
    private bool[] _correct = Array.Empty<bool>();
    private bool _gradient;

    public LossStage(TrainingNode last, TrainingRun run, TrainingLoss kind, float smoothing)
    {
        _last = last;
        _run = run;
        _kind = kind;
        _smoothing = smoothing;
        _classes = last.Info.Output.Length;
    }

    /// <summary>Whether the loss gives the gradient of the last activation's input (cross-entropy after a softmax).</summary>
    public bool SkipsLastActivation => _kind == TrainingLoss.SoftmaxCrossEntropy && _last.Info.Act == Act.Softmax;

    public int Classes => _classes;

    public void Allocate(int capacity)
    {
        _labels = new int[capacity];
        _targets = new float[_kind == TrainingLoss.MeanSquaredError ? capacity * _classes : 0];
        _losses = new double[capacity];
        _correct = new bool[capacity];
    }

    public void SetLabels(ReadOnlySpan<int> labels) => labels.CopyTo(_labels);

    public void SetTargets(ReadOnlySpan<float> targets) => targets.CopyTo(_targets);

    /// <summary>Computes the mean loss (and, when <paramref name="gradient"/>, writes dloss/doutput); returns the loss and the correct count.</summary>
    public (double Loss, int Correct) Run(bool gradient)
    {
        _gradient = gradient && _last.OutputGradient is not null;
        _run.Pool.Run(this, _run.Batch);
        double loss = 0;
        int correct = 0;
        for (int n = 0; n < _run.Batch; n++)
        {
            loss += _losses[n];
            if (_correct[n]) correct++;
        }
        return (loss / _run.Batch, correct);
    }

    public void Execute(int n)
    {
        int k = _classes;
        var grad = _gradient ? _last.OutputGradient.AsSpan(n * k, k) : default;
        if (_kind == TrainingLoss.MeanSquaredError)
        {
            var y = _last.Output.AsSpan(n * k, k);
            var t = _targets.AsSpan(n * k, k);
            double sum = 0;
            double count = (double)_run.Batch * k;
            for (int c = 0; c < k; c++)
            {
                double d = (double)y[c] - t[c];
                sum += d * d;
                if (_gradient) grad[c] = (float)(2 * d / count);
            }
            _losses[n] = sum / k;
            return;
        }
        var z = (SkipsLastActivation ? _last.PreActivation : _last.Output).AsSpan(n * k, k);
        int label = _labels[n];
        double max = double.NegativeInfinity;
        int best = 0;
        for (int c = 0; c < k; c++)
        {
            if (z[c] > max) { max = z[c]; best = c; }
        }
        double sumExp = 0;
        for (int c = 0; c < k; c++) sumExp += Math.Exp(z[c] - max);
        double logSumExp = max + Math.Log(sumExp);
        double loss = 0;
        for (int c = 0; c < k; c++)
        {
            double t = (c == label ? 1 - _smoothing : 0) + _smoothing / (double)k;
            loss += t * (logSumExp - z[c]);
            if (_gradient) grad[c] = (float)((Math.Exp(z[c] - logSumExp) - t) / _run.Batch);
        }
        _losses[n] = loss;
        _correct[n] = best == label;
    }
}
