using System;
using System.Collections.Generic;
using System.Globalization;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary>
/// One layer attribute kind, in one place: how its arguments are read (from the attribute class itself, so names
/// and defaults exist once), checked, described in summaries, scaled by compound scaling and lowered to primitive
/// operations. <see cref="Layers"/> lists them all.
/// </summary>
internal abstract class LayerDefinition
{
    public abstract LayerKind Kind { get; }

    /// <summary>The attribute class the user writes.</summary>
    public abstract Type AttributeType { get; }

    /// <summary>Default layer-name prefix (the summary's and weight files' names), e.g. "conv".</summary>
    public abstract string Prefix(LayerSpec layer);

    /// <summary>The summary's kind column: the attribute's name as written.</summary>
    public virtual string KindName(LayerSpec layer) => Kind.ToString();

    /// <summary>Copies the arguments of an attribute instance (constructor and named arguments already applied; the reader copies Name and Trainable).</summary>
    public abstract LayerSpec Read(LayerSpec spec, object attribute);

    /// <summary>Checks the arguments that are wrong whatever shape reaches the layer.</summary>
    public abstract void Validate(LayerSpec layer, ArgumentChecks check);

    /// <summary>Lowers the layer onto node <paramref name="input"/>; returns its output node, or -1 after an error.</summary>
    public abstract int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name);

    /// <summary>A one-line description of the arguments, e.g. "5x5/1 same, 32 filters, Relu".</summary>
    public abstract string Describe(LayerSpec layer);

    /// <summary>The layer under compound scaling (filters rounded by <paramref name="scaling"/>, repeats by depth).</summary>
    public virtual LayerSpec Scale(LayerSpec layer, LayerScaling scaling) => layer;

    /// <summary>The arguments that set a channel count, for advice on vector-lane multiples.</summary>
    public virtual IEnumerable<(string Argument, int Channels)> ChannelArguments(LayerSpec layer) { yield break; }

    /// <summary>
    /// For a composite: the argument that sets the standard convolution lowered as node <paramref name="nodeName"/>
    /// (cost advice on it underlines that argument), or null when no argument of the composite decides it.
    /// </summary>
    public virtual string? ConvolutionArgument(string nodeName) => null;

    protected static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    protected static string ActSuffix(Act act) => act == Act.None ? "" : ", " + act;

    /// <summary>", BN" for a fused batch norm, with its epsilon when not the default.</summary>
    protected static string BatchNormSuffix(LayerSpec layer)
        => !layer.BatchNorm ? "" : layer.Epsilon == 1e-5f ? ", BN" : ", BN eps " + layer.Epsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"3x3/2 same", "3x3/1 pad 1" or "3x3/1 pad 1,0,1,0": a square window and its padding as written.</summary>
    protected static string WindowText(LayerSpec layer, int kernel, int stride)
        => WindowText(layer, new WindowArguments(kernel, kernel, stride, stride));

    /// <summary>"1x7/1 same", "3x3/1x2 dilated 2 valid": a window and its padding as written.</summary>
    protected static string WindowText(LayerSpec layer, WindowArguments a)
        => new Operations.Window(a.KernelH, a.KernelW, a.StrideH, a.StrideW, default, a.DilationH, a.DilationW).Text + " " + PaddingText(layer);

    private static string PaddingText(LayerSpec layer)
        => layer.HasExplicitPads ? "pad " + layer.PadTop + "," + layer.PadLeft + "," + layer.PadBottom + "," + layer.PadRight
            : layer.Pad >= 0 ? "pad " + Num(layer.Pad)
            : layer.Padding.ToString().ToLowerInvariant();
}

/// <summary>A layer definition that reads its arguments from the attribute class <typeparamref name="TAttribute"/>.</summary>
internal abstract class LayerDefinition<TAttribute> : LayerDefinition where TAttribute : LayerAttribute
{
    public sealed override Type AttributeType => typeof(TAttribute);

    public sealed override LayerSpec Read(LayerSpec spec, object attribute)
    {
        return Read(spec, (TAttribute)attribute);
    }

    protected abstract LayerSpec Read(LayerSpec spec, TAttribute attribute);
}

/// <summary>Compound scaling's rounding of one layer: filters (when a width is given) and repeats.</summary>
internal readonly struct LayerScaling(double? width, double depth, bool keepUnits)
{
    public int Filters(int filters) => width is { } w ? CompoundScaling.RoundFilters(filters, w) : filters;

    public int Repeats(int repeats) => CompoundScaling.RoundRepeats(repeats, depth);

    /// <summary>Whether this is the classifier (the last Dense layer), which keeps its units.</summary>
    public bool KeepUnits => keepUnits;

    /// <summary>The same scaling for the layers inside a block (a block has no classifier).</summary>
    public LayerScaling Inner => new(width, depth, keepUnits: false);
}
