using System;

namespace CnnDsl.Vision;

/// <summary>
/// Multi-crop evaluation of any generated network: all of a <see cref="CropPlan"/>'s crops of one image are written
/// into one batch, normalized, run through <see cref="INetwork.Forward"/> in one call, and their softmax outputs
/// averaged. The buffers are allocated once (and grow only when a larger image arrives), so evaluating image after
/// image allocates nothing. Not thread-safe, like the network it wraps.
/// </summary>
public sealed class MultiCropEvaluator
{
    private readonly INetwork _network;
    private readonly Normalization _normalization;
    private readonly int _crop;
    private readonly float[] _inputs;
    private readonly float[] _outputs;
    private readonly float[] _row;
    private readonly ImageData[] _scaled;
    private readonly ImageData _square = new(1, 1, 1);
    private readonly ImageData _squareResized = new(1, 1, 1);
    private readonly bool _probabilities;

    /// <summary>An evaluator of <paramref name="network"/> on <paramref name="plan"/>'s crops, normalized by <paramref name="normalization"/>.</summary>
    public MultiCropEvaluator(INetwork network, CropPlan plan, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(normalization);
        var input = network.InputShape;
        if (input.Height != input.Width) throw new ArgumentException($"Multi-crop evaluation takes square crops; the network's input is {input}.", nameof(network));
        foreach (int scale in plan.Scales)
        {
            if (scale < input.Height) throw new ArgumentException($"{plan.Name}: scale {scale} is smaller than the {input.Height}-pixel crop.", nameof(plan));
        }
        _network = network;
        _normalization = normalization;
        Plan = plan;
        _crop = input.Height;
        _inputs = new float[plan.Count * network.InputLength];
        _outputs = new float[plan.Count * network.OutputLength];
        _row = new float[network.OutputLength];
        _scaled = new ImageData[plan.Scales.Count];
        for (int i = 0; i < _scaled.Length; i++) _scaled[i] = new ImageData(1, 1, 1);
        _probabilities = Probabilities.EndsInSoftmax(network);
    }

    /// <summary>The crops taken.</summary>
    public CropPlan Plan { get; }

    /// <summary>The batch of crops of the last image, normalized (NHWC, <c>Plan.Count</c> images).</summary>
    public ReadOnlySpan<float> LastBatch => _inputs;

    /// <summary>Writes the averaged class probabilities of <paramref name="image"/> (RGB, 0..255) into <paramref name="probabilities"/>.</summary>
    public void Evaluate(ImageData image, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels != _network.InputShape.Channels)
            throw new ArgumentException($"The image has {image.Channels} channels; the network takes {_network.InputShape}.", nameof(image));
        if (probabilities.Length != _network.OutputLength)
            throw new ArgumentException($"The probabilities span holds {probabilities.Length} values; the network has {_network.OutputLength} outputs.", nameof(probabilities));
        FillCrops(image);
        _network.Forward(_inputs, _outputs);
        probabilities.Clear();
        Probabilities.Accumulate(_outputs, _network.OutputLength, _probabilities, 1f / Plan.Count, probabilities, _row);
    }

    private void FillCrops(ImageData image)
    {
        int slot = 0, c = _crop, length = _network.InputLength;
        for (int s = 0; s < Plan.Scales.Count; s++)
        {
            var scaled = _scaled[s];
            Preprocess.ScaleShorterSide(image, Plan.Scales[s], scaled);
            int side = Math.Min(scaled.Width, scaled.Height);
            int squares = Plan.ThreeSquares ? 3 : 1;
            for (int q = 0; q < squares; q++)
            {
                // Squares along the longer side: start, centre, end (the centre only for one square).
                int along = Plan.ThreeSquares ? q * (Math.Max(scaled.Width, scaled.Height) - side) / 2 : (Math.Max(scaled.Width, scaled.Height) - side) / 2;
                int sx = scaled.Width >= scaled.Height ? along : 0, sy = scaled.Width >= scaled.Height ? 0 : along;
                for (int mirror = 0; mirror < (Plan.Mirror ? 2 : 1); mirror++)
                {
                    bool m = mirror == 1;
                    int centre = (side - c) / 2;
                    if (!Plan.CenterOnly)
                    {
                        Take(scaled, sx, sy, m, ref slot, length);
                        Take(scaled, sx + side - c, sy, m, ref slot, length);
                        Take(scaled, sx, sy + side - c, m, ref slot, length);
                        Take(scaled, sx + side - c, sy + side - c, m, ref slot, length);
                    }
                    Take(scaled, sx + centre, sy + centre, m, ref slot, length);
                    if (Plan.WholeSquare)
                    {
                        if (!m)
                        {
                            Crop.Copy(scaled, sx, sy, side, side, _square);
                            Preprocess.ResizeTo(_square, c, c, _squareResized);
                        }
                        Take(_squareResized, 0, 0, m, ref slot, length);
                    }
                }
            }
        }
    }

    private void Take(ImageData source, int left, int top, bool mirror, ref int slot, int length)
    {
        Span<float> target = _inputs.AsSpan(slot * length, length);
        Crop.Copy(source.Pixels, source.Width, source.Height, source.Channels, left, top, _crop, _crop, target, mirror);
        _normalization.Apply(target, target, source.Channels);
        slot++;
    }
}
