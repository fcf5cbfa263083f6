using System.Collections.Generic;
using System.Globalization;
using CnnDsl.Diagnostics;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary>
/// The checks layer arguments share (positive sizes, padding, activations), each reported on the argument it is
/// about. Property arguments are named with <c>nameof</c>; constructor parameters by their declared names.
/// </summary>
internal readonly struct ArgumentChecks(List<ModelError> errors, int sourceId, int outerSourceId)
{
    public List<ModelError> Errors => errors;

    public int OuterSourceId => outerSourceId;

    public void Add(string id, string argument, params string[] args)
        => errors.Add(new ModelError(id, sourceId, argument, args.ToEquatableArray()) { OuterSourceId = outerSourceId });

    public void Positive(string argument, int value)
    {
        if (value <= 0) Add(DiagnosticIds.NonPositiveArgument, argument, argument, Format(value));
    }

    public void Fraction(string argument, double value, bool zeroAllowed, string expected)
    {
        if (!(zeroAllowed ? value >= 0 : value > 0) || double.IsInfinity(value))
            Add(DiagnosticIds.InvalidArgument, argument, argument, value.ToString("R", CultureInfo.InvariantCulture), expected);
    }

    /// <summary>A batch norm's epsilon: positive and finite.</summary>
    public void Epsilon(string argument, float value)
    {
        if (!(value > 0) || float.IsInfinity(value))
            Add(DiagnosticIds.InvalidArgument, argument, argument, value.ToString("R", CultureInfo.InvariantCulture), "a positive number");
    }

    /// <summary>
    /// Kernel sides (on "kernel", or "kernelH"/"kernelW" for a non-square kernel), strides and dilations of a
    /// convolution, each on the argument that sets it.
    /// </summary>
    public void Window(LayerSpec layer, string parameter)
    {
        var window = new WindowArguments(layer.Kernel, layer.KernelW, layer.Stride, layer.StrideW, layer.DilationH, layer.DilationW);
        Positive(window.Argument(parameter, vertical: true), layer.Kernel);
        if (layer.KernelW != layer.Kernel) Positive(window.Argument(parameter, vertical: false), layer.KernelW);
        PositivePair(nameof(ConvAttribute.Stride), layer.Stride, layer.StrideW);
        PositivePair(nameof(ConvAttribute.Dilation), layer.DilationH, layer.DilationW);
    }

    /// <summary>A per-axis pair set by one property ("Stride") or two ("StrideH", "StrideW"): reported on the one to change.</summary>
    private void PositivePair(string both, int height, int width)
    {
        if (height == width) Positive(both, height);
        else
        {
            Positive(both + "H", height);
            Positive(both + "W", width);
        }
    }

    /// <summary>Pad, Padding and the four explicit pads of a windowed layer.</summary>
    public void Padding(LayerSpec layer, bool hasPad)
    {
        if (hasPad && layer.Pad < -1) Add(DiagnosticIds.NegativePad, nameof(ConvAttribute.Pad), Format(layer.Pad));
        if (layer.Padding != CnnDsl.Padding.Same && layer.Padding != CnnDsl.Padding.Valid && layer.Padding != CnnDsl.Padding.SameLower)
            Add(DiagnosticIds.InvalidArgument, nameof(ConvAttribute.Padding), nameof(ConvAttribute.Padding), Format((int)layer.Padding), "Padding.Same, Padding.Valid or Padding.SameLower");
        ExplicitPads(layer);
    }

    /// <summary>
    /// PadTop/Left/Bottom/Right: all unset (-1), or all 0 or more. A negative value is reported on itself; a
    /// missing one on the first pad that is set (the missing one may not be written at all).
    /// </summary>
    private void ExplicitPads(LayerSpec layer)
    {
        int[] values = { layer.PadTop, layer.PadLeft, layer.PadBottom, layer.PadRight };
        string[] names = { nameof(ConvAttribute.PadTop), nameof(ConvAttribute.PadLeft), nameof(ConvAttribute.PadBottom), nameof(ConvAttribute.PadRight) };
        int firstSet = -1, firstUnset = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < -1)
            {
                Add(DiagnosticIds.IncompletePads, names[i], names[i], Format(values[i]));
                return;
            }
            if (values[i] >= 0 && firstSet < 0) firstSet = i;
            if (values[i] == -1 && firstUnset < 0) firstUnset = i;
        }
        if (firstSet >= 0 && firstUnset >= 0)
            Add(DiagnosticIds.IncompletePads, names[firstSet], names[firstUnset], "-1");
    }

    public void Act(string argument, Act act)
    {
        if (act < CnnDsl.Act.None || act > CnnDsl.Act.Softmax)
            Add(DiagnosticIds.InvalidArgument, argument, argument, Format((int)act), "a defined Act value");
    }

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
