using System;
using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Vision;

/// <summary>
/// Several networks with the same input and output (different definitions, or one definition trained from different
/// seeds) averaged on their softmax outputs, optionally weighted. Each member runs the whole batch in one
/// <see cref="INetwork.Forward"/> call; the scratch is allocated once per batch size. Not thread-safe.
/// </summary>
public sealed class Ensemble
{
    private readonly INetwork[] _members;
    private readonly float[] _weights;
    private readonly bool[] _probabilities;
    private readonly float[] _row;
    private float[] _outputs = [];

    /// <summary>An ensemble of <paramref name="members"/> with <paramref name="weights"/> (default equal; normalized to sum 1).</summary>
    public Ensemble(IReadOnlyList<INetwork> members, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one network.", nameof(members));
        var first = members[0];
        for (int i = 1; i < members.Count; i++)
        {
            if (members[i].InputShape != first.InputShape || members[i].OutputLength != first.OutputLength)
                throw new ArgumentException($"Ensemble member {i} takes {members[i].InputShape} and gives {members[i].OutputLength} outputs; member 0 takes {first.InputShape} and gives {first.OutputLength}.", nameof(members));
        }
        weights ??= Enumerable.Repeat(1.0, members.Count).ToArray();
        if (weights.Count != members.Count) throw new ArgumentException($"{weights.Count} weights for {members.Count} members.", nameof(weights));
        if (weights.Any(w => !(w >= 0)) || !(weights.Sum() > 0)) throw new ArgumentException("Ensemble weights must be non-negative with a positive sum.", nameof(weights));
        double total = weights.Sum();
        _members = [.. members];
        _weights = [.. weights.Select(w => (float)(w / total))];
        _probabilities = [.. members.Select(Probabilities.EndsInSoftmax)];
        _row = new float[first.OutputLength];
    }

    /// <summary>The networks.</summary>
    public IReadOnlyList<INetwork> Members => _members;

    /// <summary>The normalized weights.</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>Input of one image.</summary>
    public TensorShape InputShape => _members[0].InputShape;

    /// <summary>Classes.</summary>
    public int OutputLength => _members[0].OutputLength;

    /// <summary>
    /// Runs every member on the batch <paramref name="inputs"/> and writes each image's weighted average of the
    /// members' softmax outputs into <paramref name="probabilities"/> (one row of <see cref="OutputLength"/> per image).
    /// </summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> probabilities)
    {
        int inLength = _members[0].InputLength, outLength = OutputLength;
        if (inputs.Length == 0 || inputs.Length % inLength != 0)
            throw new ArgumentException($"The input holds {inputs.Length} values, not a whole number of {InputShape} images ({inLength} each).", nameof(inputs));
        int images = inputs.Length / inLength;
        if (probabilities.Length != images * outLength)
            throw new ArgumentException($"The probabilities span holds {probabilities.Length} values; {images} images need {images * outLength}.", nameof(probabilities));
        if (_outputs.Length < images * outLength) _outputs = new float[images * outLength];
        Span<float> outputs = _outputs.AsSpan(0, images * outLength);
        probabilities.Clear();
        for (int m = 0; m < _members.Length; m++)
        {
            _members[m].Forward(inputs, outputs);
            Probabilities.Accumulate(outputs, outLength, _probabilities[m], _weights[m], probabilities, _row);
        }
    }
}
