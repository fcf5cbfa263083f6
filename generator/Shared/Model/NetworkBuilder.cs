using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using CnnDsl.Diagnostics;

namespace CnnDsl.Model;

/// <summary>
/// Shape inference and cost: lowers a <see cref="NetworkSpec"/> to primitive nodes, computing every node's shapes,
/// multiply-accumulates and parameters. The single source of these numbers for the generator and the analyzers.
/// Never throws on a bad definition: problems become <see cref="ModelError"/>s and stop the branch they occur in.
/// </summary>
internal sealed partial class NetworkBuilder
{
    /// <summary>
    /// Largest tensor, activations per image or one layer's weights: 2^28 floats (1 GiB). Far above any real
    /// network, and low enough that every buffer, offset and arena sum the generated code computes fits in an int.
    /// </summary>
    public const long MaxTensorElements = 1L << 28;

    /// <summary>Largest sum of all activations of one image (what the scratch arena can ever need, padding included).</summary>
    public const long MaxTotalActivations = 1L << 29;

    /// <summary>The source id used for errors on the <c>[Network]</c> attribute itself.</summary>
    public const int NetworkAttributeSourceId = -1;

    private readonly List<Node> _nodes = new();
    private readonly List<LayerRow> _rows = new();
    private readonly List<ModelError> _errors = new();
    private readonly Dictionary<string, int> _nameCounters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;
    private int _layerIndex;
    private int _outerSourceId = -1;

    private NetworkBuilder(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

    public static NetworkModel Build(NetworkSpec spec, CancellationToken cancellationToken = default)
        => new NetworkBuilder(cancellationToken).Counted().Run(spec);

    private NetworkModel Run(NetworkSpec spec)
    {
        foreach (var problem in spec.Problems) _errors.Add(problem);
        // A variant whose BasedOn chain is broken has no input to check; its problem says why.
        if (spec.BaseTypeName is not null && spec.InputText is null && _errors.Count > 0) return Finish(default, default);
        foreach (var layer in spec.Layers) SpecValidator.Validate(layer, _errors);

        if (!Shape.TryParse(spec.InputText, out var input))
        {
            _errors.Add(new ModelError(DiagnosticIds.MalformedInput, NetworkAttributeSourceId, "Input", Args(spec.InputText ?? "")));
            return Finish(default, default);
        }
        if (input.Elements > MaxTensorElements)
        {
            _errors.Add(new ModelError(DiagnosticIds.TooLarge, NetworkAttributeSourceId, "Input", Args("the input " + input, Num(input.Elements) + " values", Num(MaxTensorElements))));
            return Finish(input, default);
        }

        _nodes.Add(new Node(0, OpKind.Input, "input", EquatableArray<int>.Empty, input, input, -1));
        if (_errors.Count > 0) return Finish(input, input);

        int current = 0;
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var layer = spec.Layers[i];
            _layerIndex = i;
            _outerSourceId = layer.SourceId;
            int first = _nodes.Count;
            string name = UniqueName(layer.Name, DefaultPrefix(layer));
            int next = Apply(layer, current, name);
            if (next < 0) return Finish(input, _nodes[current].Output);

            long macs = 0, parameters = 0, bn = 0;
            for (int n = first; n < _nodes.Count; n++)
            {
                macs = checked(macs + _nodes[n].MultiplyAdds);
                parameters = checked(parameters + _nodes[n].Parameters);
                bn = checked(bn + _nodes[n].BatchNormParameters);
            }
            _rows.Add(new LayerRow(i, name, KindName(layer), Describe(layer), _nodes[current].Output, _nodes[next].Output,
                macs, parameters, bn, first, _nodes.Count - first, layer.SourceId));
            current = next;
        }
        return Finish(input, _nodes[current].Output);
    }

    private NetworkModel Finish(Shape input, Shape output)
    {
        try
        {
            // Totals must fit in a long too; report instead of overflowing later.
            long macs = 0, parameters = 0, activations = 0;
            foreach (var node in _nodes)
            {
                macs = checked(macs + node.MultiplyAdds);
                parameters = checked(parameters + node.Parameters + node.BatchNormParameters);
                activations = checked(activations + node.Output.Elements);
            }
            if (activations > MaxTotalActivations)
                _errors.Add(new ModelError(DiagnosticIds.TooLarge, NetworkAttributeSourceId, null, Args("the network's activations", Num(activations) + " values per image", Num(MaxTotalActivations))));
        }
        catch (OverflowException)
        {
            _errors.Add(new ModelError(DiagnosticIds.TooLarge, NetworkAttributeSourceId, null, Args("the network's total cost", "it overflows 64 bits", Num(long.MaxValue))));
        }
        return new NetworkModel(input, output, _nodes.ToEquatableArray(), _rows.ToEquatableArray(), _errors.ToEquatableArray());
    }

    /// <summary>Applies one layer to node <paramref name="input"/>; returns the output node, or -1 after an error.</summary>
    private int Apply(LayerSpec layer, int input, string name)
    {
        try
        {
            return ApplyUnchecked(layer, input, name);
        }
        catch (OverflowException)
        {
            Error(DiagnosticIds.TooLarge, layer, null, "the cost of layer '" + name + "' on " + _nodes[input].Output, "it overflows 64 bits", Num(long.MaxValue));
            return -1;
        }
    }

    private int ApplyUnchecked(LayerSpec layer, int input, string name)
    {
        var shape = _nodes[input].Output;
        switch (layer.Kind)
        {
            case LayerKind.Conv:
                return Conv(layer, input, name, layer.Filters, layer.Kernel, layer.Stride, layer.Padding, layer.Pad, layer.Act, layer.Bias, layer.BatchNorm, depthwise: false);
            case LayerKind.DepthwiseConv:
                return Conv(layer, input, name, shape.Channels, layer.Kernel, layer.Stride, layer.Padding, layer.Pad, layer.Act, layer.Bias, layer.BatchNorm, depthwise: true);
            case LayerKind.MaxPool:
            case LayerKind.AvgPool:
                return Pool(layer, input, name, layer.Kind == LayerKind.MaxPool ? OpKind.MaxPool : OpKind.AvgPool, layer.Kernel, layer.Stride == 0 ? layer.Kernel : layer.Stride, layer.Padding);
            case LayerKind.GlobalAvgPool:
                return Add(new Node(0, OpKind.GlobalAvgPool, name, One(input), shape, new Shape(1, 1, shape.Channels), _layerIndex));
            case LayerKind.Dense:
                return Dense(layer, input, name);
            case LayerKind.Flatten:
            {
                var flat = new Shape(1, 1, 0);
                if (!FitsTensor(layer, name, shape.Elements, out int elements)) return -1;
                return Add(new Node(0, OpKind.Flatten, name, One(input), shape, flat with { Channels = elements }, _layerIndex));
            }
            case LayerKind.BatchNorm:
                return Add(new Node(0, OpKind.BatchNorm, name, One(input), shape, shape, _layerIndex)
                {
                    Epsilon = layer.Epsilon, Act = layer.Act, BatchNormParameters = 2L * shape.Channels,
                });
            case LayerKind.Dropout:
                return Add(new Node(0, OpKind.Dropout, name, One(input), shape, shape, _layerIndex) { Rate = layer.Rate });
            case LayerKind.Activation:
                return Add(new Node(0, OpKind.Activation, name, One(input), shape, shape, _layerIndex) { Act = layer.Act });
            case LayerKind.Identity:
                return input;
            case LayerKind.Inception:
                return Inception(layer, input, name);
            case LayerKind.DepthwiseSeparable:
            {
                int dw = Conv(layer, input, name + ".dw", shape.Channels, layer.Kernel, layer.Stride, PaddingKind.Same, -1, layer.Act, true, false, depthwise: true);
                return dw < 0 ? -1 : Conv(layer, dw, name + ".pw", layer.Filters, 1, 1, PaddingKind.Same, -1, layer.Act, true, false, depthwise: false);
            }
            case LayerKind.InvertedResidual:
                return InvertedBottleneck(layer, input, name, ActKind.Relu6, squeezeExcite: 0);
            case LayerKind.Use:
                return Use(layer, input, name);
            case LayerKind.MBConv:
                return InvertedBottleneck(layer, input, name, ActKind.Swish, layer.SqueezeExcite);
            case LayerKind.SqueezeExcite:
                return SqueezeExcite(layer, input, name, SqueezedChannels(shape.Channels, layer.SqueezeExcite), layer.Act);
            default:
                return input;
        }
    }

    private int Conv(LayerSpec layer, int input, string name, int filters, int kernel, int stride, PaddingKind padding, int pad, ActKind act, bool bias, bool batchNorm, bool depthwise)
    {
        var shape = _nodes[input].Output;
        if (!Window(layer, name, shape, kernel, stride, padding, pad, DiagnosticIds.KernelLargerThanInput, "kernel", out var h, out var w)) return -1;
        var output = new Shape(h.Output, w.Output, filters);
        if (!FitsTensor(layer, name, output.Elements, out _)) return -1;

        long perPosition = depthwise ? (long)kernel * kernel : checked((long)kernel * kernel * shape.Channels);
        long weights = checked(perPosition * filters);
        if (!FitsWeights(layer, name, weights)) return -1;
        return Add(new Node(0, depthwise ? OpKind.DepthwiseConv : OpKind.Conv, name, One(input), shape, output, _layerIndex)
        {
            Filters = filters, KernelH = kernel, KernelW = kernel, StrideH = stride, StrideW = stride,
            PadTop = h.PadBegin, PadBottom = h.PadEnd, PadLeft = w.PadBegin, PadRight = w.PadEnd,
            Bias = bias, BatchNorm = batchNorm, Act = act,
            MultiplyAdds = checked((long)output.Height * output.Width * weights),
            Parameters = checked(weights + (bias ? filters : 0)),
            BatchNormParameters = batchNorm ? 2L * filters : 0,
        });
    }

    private int Pool(LayerSpec layer, int input, string name, OpKind op, int size, int stride, PaddingKind padding)
    {
        var shape = _nodes[input].Output;
        if (!Window(layer, name, shape, size, stride, padding, -1, DiagnosticIds.OutputCollapses, "size", out var h, out var w)) return -1;
        return Add(new Node(0, op, name, One(input), shape, new Shape(h.Output, w.Output, shape.Channels), _layerIndex)
        {
            KernelH = size, KernelW = size, StrideH = stride, StrideW = stride,
            PadTop = h.PadBegin, PadBottom = h.PadEnd, PadLeft = w.PadBegin, PadRight = w.PadEnd,
        });
    }

    private int Dense(LayerSpec layer, int input, string name)
    {
        var shape = _nodes[input].Output;
        long weights = checked(shape.Elements * layer.Units);
        if (!FitsTensor(layer, name, layer.Units, out _) || !FitsWeights(layer, name, weights)) return -1;
        return Add(new Node(0, OpKind.Dense, name, One(input), shape, new Shape(1, 1, layer.Units), _layerIndex)
        {
            Filters = layer.Units, Bias = layer.Bias, Act = layer.Act,
            MultiplyAdds = weights,
            Parameters = checked(weights + (layer.Bias ? layer.Units : 0)),
        });
    }

    private int Inception(LayerSpec layer, int input, string name)
    {
        var c = layer.Columns;
        int b1 = Conv(layer, input, name + ".1x1", c[0], 1, 1, PaddingKind.Same, -1, ActKind.Relu, true, false, false);
        if (b1 < 0) return -1;
        int r3 = Conv(layer, input, name + ".3x3_reduce", c[1], 1, 1, PaddingKind.Same, -1, ActKind.Relu, true, false, false);
        int b3 = r3 < 0 ? -1 : Conv(layer, r3, name + ".3x3", c[2], 3, 1, PaddingKind.Same, -1, ActKind.Relu, true, false, false);
        if (b3 < 0) return -1;
        int r5 = Conv(layer, input, name + ".5x5_reduce", c[3], 1, 1, PaddingKind.Same, -1, ActKind.Relu, true, false, false);
        int b5 = r5 < 0 ? -1 : Conv(layer, r5, name + ".5x5", c[4], 5, 1, PaddingKind.Same, -1, ActKind.Relu, true, false, false);
        if (b5 < 0) return -1;
        int pool = Pool(layer, input, name + ".pool", OpKind.MaxPool, 3, 1, PaddingKind.Same);
        int proj = pool < 0 ? -1 : Conv(layer, pool, name + ".pool_proj", c[5], 1, 1, PaddingKind.Same, -1, ActKind.Relu, true, false, false);
        if (proj < 0) return -1;
        return Concat(layer, name + ".concat", new[] { b1, b3, b5, proj }, new[] { "1x1", "3x3", "5x5", "pool proj" }, ActKind.None);
    }

    /// <summary>
    /// MobileNet V2's inverted residual (ReLU6, no squeeze) and EfficientNet's MBConv (Swish, squeeze-and-excitation
    /// on a fraction of the block's input channels) are one structure: 1x1 expand (omitted at expansion 1), depthwise,
    /// optional squeeze-and-excitation, linear 1x1 projection, residual add when stride 1 and channels match. The first
    /// of the repeats has the stride.
    /// </summary>
    private int InvertedBottleneck(LayerSpec layer, int input, string name, ActKind act, double squeezeExcite)
    {
        int current = input;
        for (int r = 0; r < layer.Repeat; r++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (TooManyNodes(layer, name)) return -1;
            string prefix = layer.Repeat == 1 ? name : name + "." + (r + 1).ToString(CultureInfo.InvariantCulture);
            var inShape = _nodes[current].Output;
            int stride = r == 0 ? layer.Stride : 1;
            int x = current;
            if (layer.Expansion != 1)
            {
                int expanded = (int)Math.Min((long)inShape.Channels * layer.Expansion, int.MaxValue);
                x = Conv(layer, x, prefix + ".expand", expanded, 1, 1, PaddingKind.Same, -1, act, true, false, false);
                if (x < 0) return -1;
            }
            x = Conv(layer, x, prefix + ".dw", _nodes[x].Output.Channels, layer.Kernel, stride, PaddingKind.Same, -1, act, true, false, true);
            if (x < 0) return -1;
            if (squeezeExcite > 0)
            {
                // The squeeze is a fraction of the block's input channels, not of the expanded ones.
                x = SqueezeExcite(layer, x, prefix + ".se", SqueezedChannels(inShape.Channels, squeezeExcite), act);
                if (x < 0) return -1;
            }
            x = Conv(layer, x, prefix + ".project", layer.Filters, 1, 1, PaddingKind.Same, -1, ActKind.None, true, false, false);
            if (x < 0) return -1;
            if (stride == 1 && inShape.Channels == layer.Filters)
            {
                x = Add(new Node(0, OpKind.Add, prefix + ".add", Two(current, x), inShape, _nodes[x].Output, _layerIndex));
            }
            current = x;
        }
        return current;
    }

    private int Use(LayerSpec layer, int input, string name)
    {
        if (layer.Block is not { } block) return -1;
        int current = input;
        for (int r = 0; r < layer.Repeat; r++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (TooManyNodes(layer, name)) return -1;
            string prefix = layer.Repeat == 1 ? name : name + "." + (r + 1).ToString(CultureInfo.InvariantCulture);
            var outputs = new int[block.Branches.Count];
            var labels = new string[block.Branches.Count];
            for (int b = 0; b < block.Branches.Count; b++)
            {
                var branch = block.Branches[b];
                labels[b] = branch.MemberName;
                int x = current;
                var counters = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var inner in branch.Layers)
                {
                    string innerName = prefix + "." + branch.MemberName + "." + (inner.Name ?? NextLocal(counters, DefaultPrefix(inner)));
                    x = Apply(inner, x, innerName);
                    if (x < 0) return -1;
                }
                outputs[b] = x;
            }
            if (outputs.Length == 1)
            {
                current = block.Act == ActKind.None
                    ? outputs[0]
                    : Add(new Node(0, OpKind.Activation, prefix + ".act", One(outputs[0]), _nodes[outputs[0]].Output, _nodes[outputs[0]].Output, _layerIndex) { Act = block.Act });
                continue;
            }
            current = block.Merge == MergeKind.Add
                ? Sum(layer, prefix + ".add", outputs, labels, block.Act)
                : Concat(layer, prefix + ".concat", outputs, labels, block.Act);
            if (current < 0) return -1;
        }
        return current;
    }

    private int Concat(LayerSpec layer, string name, int[] inputs, string[] labels, ActKind act)
    {
        var first = _nodes[inputs[0]].Output;
        long channels = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            var shape = _nodes[inputs[i]].Output;
            if (shape.Height != first.Height || shape.Width != first.Width)
            {
                Error(DiagnosticIds.ConcatSpatialMismatch, layer, null, name, labels[i], shape.ToString(), labels[0], first.ToString());
                return -1;
            }
            channels += shape.Channels;
        }
        if (!FitsTensor(layer, name, first.Height * (long)first.Width * channels, out _)) return -1;
        return Add(new Node(0, OpKind.Concat, name, inputs.ToEquatableArray(), first, new Shape(first.Height, first.Width, (int)channels), _layerIndex) { Act = act });
    }

    private int Sum(LayerSpec layer, string name, int[] inputs, string[] labels, ActKind act)
    {
        var first = _nodes[inputs[0]].Output;
        for (int i = 1; i < inputs.Length; i++)
        {
            var shape = _nodes[inputs[i]].Output;
            if (shape != first)
            {
                Error(DiagnosticIds.AddShapeMismatch, layer, null, name, labels[i], shape.ToString(), labels[0], first.ToString());
                return -1;
            }
        }
        return Add(new Node(0, OpKind.Add, name, inputs.ToEquatableArray(), first, first, _layerIndex) { Act = act });
    }

    /// <summary>Both spatial axes of a window; reports <paramref name="errorId"/> when the window does not fit.</summary>
    private bool Window(LayerSpec layer, string name, Shape shape, int kernel, int stride, PaddingKind padding, int pad, string errorId, string argument, out AxisGeometry h, out AxisGeometry w)
    {
        // Only the layer's own window takes its explicit pads; composite layers (no such arguments) pass -1.
        bool explicitPads = layer.HasExplicitPads && layer.Kind is LayerKind.Conv or LayerKind.DepthwiseConv or LayerKind.MaxPool or LayerKind.AvgPool;
        bool okH = explicitPads ? Geometry.TryAxis(shape.Height, kernel, stride, padding, layer.PadTop, layer.PadBottom, out h) : Geometry.TryAxis(shape.Height, kernel, stride, padding, pad, out h);
        bool okW = explicitPads ? Geometry.TryAxis(shape.Width, kernel, stride, padding, layer.PadLeft, layer.PadRight, out w) : Geometry.TryAxis(shape.Width, kernel, stride, padding, pad, out w);
        if (okH && okW) return WindowFits(layer, name, shape, stride, h, w);
        Error(errorId, layer, argument, name, kernel + "x" + kernel, shape.ToString(),
            Num(h.PaddedInput(shape.Height)) + "x" + Num(w.PaddedInput(shape.Width)),
            explicitPads ? ExplicitPadsText(layer) : pad >= 0 ? "Pad = " + Num(pad) : "Padding." + padding);
        return false;
    }

    /// <summary>
    /// A window that fits can still be absurd: padding that makes the padded input too large to hold, or a stride
    /// beyond the padded input (only the first window would ever be read). Both would overflow the generated offsets.
    /// </summary>
    private bool WindowFits(LayerSpec layer, string name, Shape shape, int stride, AxisGeometry h, AxisGeometry w)
    {
        long paddedH = h.PaddedInput(shape.Height), paddedW = w.PaddedInput(shape.Width);
        if (paddedH * paddedW * shape.Channels > MaxTensorElements)
        {
            Error(DiagnosticIds.TooLarge, layer, null, "the padded input of layer '" + name + "'", Num(paddedH) + "x" + Num(paddedW) + "x" + Num(shape.Channels), Num(MaxTensorElements) + " values");
            return false;
        }
        long largestSide = Math.Max(paddedH, paddedW);
        if (stride > largestSide)
        {
            Error(DiagnosticIds.InvalidArgument, layer, "Stride", "Stride", Num(stride), "at most " + Num(largestSide) + ", the largest side of the padded input of layer '" + name + "'");
            return false;
        }
        return true;
    }

    private static string ExplicitPadsText(LayerSpec layer)
        => "PadTop = " + Num(layer.PadTop) + ", PadLeft = " + Num(layer.PadLeft) + ", PadBottom = " + Num(layer.PadBottom) + ", PadRight = " + Num(layer.PadRight);

    private bool FitsWeights(LayerSpec layer, string name, long weights)
    {
        if (weights <= MaxTensorElements) return true;
        Error(DiagnosticIds.TooLarge, layer, null, "the weights of layer '" + name + "'", Num(weights) + " values", Num(MaxTensorElements));
        return false;
    }

    private bool FitsTensor(LayerSpec layer, string name, long elements, out int value)
    {
        value = (int)Math.Min(elements, int.MaxValue);
        if (elements <= MaxTensorElements) return true;
        Error(DiagnosticIds.TooLarge, layer, null, "the output of layer '" + name + "'", Num(elements) + " values", Num(MaxTensorElements));
        return false;
    }

    private int Add(Node node)
    {
        int id = _nodes.Count;
        _nodes.Add(node with { Id = id });
        return id;
    }

    private void Error(string id, LayerSpec layer, string? argument, params string[] args)
        => _errors.Add(new ModelError(id, layer.SourceId, argument, args.ToEquatableArray())
        {
            OuterSourceId = _outerSourceId == layer.SourceId ? -1 : _outerSourceId,
        });

    private string UniqueName(string? explicitName, string prefix)
    {
        string name = explicitName ?? NextLocal(_nameCounters, prefix);
        // Names key weight tensors: keep them unique even when a user repeats a Name.
        string unique = name;
        for (int n = 2; !_usedNames.Add(unique); n++) unique = name + "_" + n.ToString(CultureInfo.InvariantCulture);
        return unique;
    }

    private static string NextLocal(Dictionary<string, int> counters, string prefix)
    {
        counters.TryGetValue(prefix, out int count);
        counters[prefix] = ++count;
        return prefix + count.ToString(CultureInfo.InvariantCulture);
    }

    private static EquatableArray<int> One(int id) => new[] { id }.ToEquatableArray();

    private static EquatableArray<int> Two(int a, int b) => new[] { a, b }.ToEquatableArray();

    private static EquatableArray<string> Args(params string[] args) => args.ToEquatableArray();

    internal static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Default layer name prefix (the summary's and weight files' names).</summary>
    internal static string DefaultPrefix(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Conv => "conv",
        LayerKind.DepthwiseConv => "dwconv",
        LayerKind.MaxPool => "maxpool",
        LayerKind.AvgPool => "avgpool",
        LayerKind.GlobalAvgPool => "gap",
        LayerKind.Dense => "dense",
        LayerKind.Flatten => "flatten",
        LayerKind.BatchNorm => "bn",
        LayerKind.Dropout => "dropout",
        LayerKind.Activation => "act",
        LayerKind.Inception => "inception",
        LayerKind.DepthwiseSeparable => "dwsep",
        LayerKind.InvertedResidual => "invres",
        LayerKind.MBConv => "mbconv",
        LayerKind.SqueezeExcite => "se",
        LayerKind.Use => ShortTypeName(layer.BlockTypeName ?? "block").ToLowerInvariant(),
        _ => "layer",
    };

    private static string ShortTypeName(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot >= 0 ? typeName.Substring(dot + 1) : typeName;
    }

    /// <summary>The attribute's name as written, for the summary's kind column.</summary>
    internal static string KindName(LayerSpec layer) => layer.Kind == LayerKind.Use
        ? "Use<" + ShortTypeName(layer.BlockTypeName ?? "?") + ">"
        : layer.Kind.ToString();

    /// <summary>A one-line description of the layer's arguments, e.g. "5x5/1 same, 32 filters, ReLU".</summary>
    internal static string Describe(LayerSpec layer)
    {
        string Window(int k, int s) => k + "x" + k + "/" + s + " " + (layer.HasExplicitPads
            ? "pad " + layer.PadTop + "," + layer.PadLeft + "," + layer.PadBottom + "," + layer.PadRight
            : layer.Pad >= 0 ? "pad " + layer.Pad : layer.Padding.ToString().ToLowerInvariant());
        string act = layer.Act == ActKind.None ? "" : ", " + layer.Act;
        switch (layer.Kind)
        {
            case LayerKind.Conv: return Window(layer.Kernel, layer.Stride) + ", " + layer.Filters + " filters" + (layer.BatchNorm ? ", BN" : "") + act;
            case LayerKind.DepthwiseConv: return Window(layer.Kernel, layer.Stride) + (layer.BatchNorm ? ", BN" : "") + act;
            case LayerKind.MaxPool:
            case LayerKind.AvgPool: return Window(layer.Kernel, layer.Stride == 0 ? layer.Kernel : layer.Stride);
            case LayerKind.Dense: return layer.Units + " units" + act;
            case LayerKind.Dropout: return "rate " + layer.Rate.ToString("0.###", CultureInfo.InvariantCulture);
            case LayerKind.Activation: return layer.Act.ToString();
            case LayerKind.BatchNorm: return "eps " + layer.Epsilon.ToString("R", CultureInfo.InvariantCulture) + act;
            case LayerKind.Inception: return string.Join("/", layer.Columns);
            case LayerKind.DepthwiseSeparable: return Window(layer.Kernel, layer.Stride).Replace(" same", "") + " dw + 1x1 to " + layer.Filters + act;
            case LayerKind.InvertedResidual: return "t=" + layer.Expansion + ", c=" + layer.Filters + ", n=" + layer.Repeat + ", s=" + layer.Stride + ", k=" + layer.Kernel;
            case LayerKind.Use: return layer.Repeat == 1 ? "" : "x" + layer.Repeat;
            case LayerKind.MBConv: return "MBConv" + layer.Expansion + " k" + layer.Kernel + ", c=" + layer.Filters + ", n=" + layer.Repeat + ", s=" + layer.Stride
                + (layer.SqueezeExcite > 0 ? ", SE " + layer.SqueezeExcite.ToString("0.###", CultureInfo.InvariantCulture) : "");
            case LayerKind.SqueezeExcite: return "ratio " + layer.SqueezeExcite.ToString("0.###", CultureInfo.InvariantCulture) + act;
            default: return "";
        }
    }
}
