using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using CnnDsl.Diagnostics;
using CnnDsl.Layers;
using CnnDsl.Operations;

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
    /// <summary>The attribute whose layer is being lowered (the innermost, inside blocks): every node made records it.</summary>
    private int _sourceId = -1;
    /// <summary>How many enclosing layers (or the backbone) freeze the nodes being made: 0 means trainable.</summary>
    private int _frozen;

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

        _nodes.Add(new Node(0, new InputOperation(), "input", EquatableArray<int>.Empty, input, input, -1));
        if (_errors.Count > 0) return Finish(input, input);

        int current = 0;
        // A backbone's layers come first: cut after Through, frozen before TrainFrom.
        bool cut = false, training = false;
        var backboneNames = new List<string>();
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var layer = spec.Layers[i];
            bool backbone = i < spec.BackboneLayers;
            if (backbone && cut)
            {
                // Names of the backbone's dropped layers stay taken, so a new head never reuses one with another shape.
                UniqueName(layer.Name, Layers.Layers.For(layer.Kind).Prefix(layer));
                continue;
            }
            if (!backbone && i == spec.BackboneLayers && !BackboneNamesFound(spec, backboneNames, cut, training)) return Finish(input, _nodes[current].Output);
            _layerIndex = i;
            _outerSourceId = layer.SourceId;
            int first = _nodes.Count;
            string name = UniqueName(layer.Name, Layers.Layers.For(layer.Kind).Prefix(layer));
            if (backbone)
            {
                backboneNames.Add(name);
                training |= name == spec.TrainFrom;
            }
            bool frozen = backbone && !training;
            if (frozen) _frozen++;
            int next = Apply(layer, current, name);
            if (frozen) _frozen--;
            if (next < 0) return Finish(input, _nodes[current].Output);
            cut |= backbone && name == spec.Through;

            long macs = 0, parameters = 0, bn = 0;
            for (int n = first; n < _nodes.Count; n++)
            {
                macs = checked(macs + _nodes[n].MultiplyAdds);
                parameters = checked(parameters + _nodes[n].Parameters);
                bn = checked(bn + _nodes[n].BatchNormParameters);
            }
            var definition = Layers.Layers.For(layer.Kind);
            _rows.Add(new LayerRow(i, name, definition.KindName(layer), definition.Describe(layer), _nodes[current].Output, _nodes[next].Output,
                macs, parameters, bn, first, _nodes.Count - first, layer.SourceId));
            current = next;
        }
        if (spec.BackboneLayers == spec.Layers.Count && spec.BackboneLayers > 0) BackboneNamesFound(spec, backboneNames, cut, training);
        return Finish(input, _nodes[current].Output);
    }

    /// <summary>Reports a Through or TrainFrom that names no layer of the backbone (listing the names it has).</summary>
    private bool BackboneNamesFound(NetworkSpec spec, List<string> names, bool cut, bool training)
    {
        bool ok = true;
        void Missing(string argument, string value)
        {
            _errors.Add(new ModelError(DiagnosticIds.NotABackboneLayer, NetworkAttributeSourceId, argument, Args(argument, value, spec.BaseTypeName ?? "?", string.Join(", ", names))));
            ok = false;
        }
        if (spec.Through is not null && !cut) Missing(nameof(NetworkAttribute.Through), spec.Through);
        if (spec.TrainFrom is not null && !training) Missing(nameof(NetworkAttribute.TrainFrom), spec.TrainFrom);
        return ok;
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
    internal int Apply(LayerSpec layer, int input, string name)
    {
        if (!layer.Trainable) _frozen++;
        int outerSource = _sourceId;
        _sourceId = layer.SourceId;
        try
        {
            return Layers.Layers.For(layer.Kind).Lower(this, layer, input, name);
        }
        catch (OverflowException)
        {
            Error(DiagnosticIds.TooLarge, layer, null, "the cost of layer '" + Display(name) + "' on " + _nodes[input].Output, "it overflows 64 bits", Num(long.MaxValue));
            return -1;
        }
        finally
        {
            _sourceId = outerSource;
            if (!layer.Trainable) _frozen--;
        }
    }

    internal CancellationToken CancellationToken => _cancellationToken;

    /// <summary>Most nodes a graph may have: repeats (or a depth multiplier) in the millions would otherwise exhaust memory and hang the IDE.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Reports and returns true once the graph has outgrown <see cref="MaxNodes"/> (checked by every repeat loop).</summary>
    internal bool TooManyNodes(LayerSpec layer, string name)
    {
        if (_nodes.Count <= MaxNodes) return false;
        Error(DiagnosticIds.TooLarge, layer, null, "the graph of layer '" + Display(name) + "'", "more than " + Num(MaxNodes) + " nodes", Num(MaxNodes));
        return true;
    }

    /// <summary>The output shape of node <paramref name="id"/>.</summary>
    internal Shape OutputOf(int id) => _nodes[id].Output;

    /// <summary>A square convolution (standard or depthwise), as the composite layers use.</summary>
    internal int Conv(LayerSpec layer, int input, string name, int filters, int kernel, int stride, Padding padding, int pad, Act act, bool bias, bool batchNorm, bool depthwise)
        => Conv(layer, input, name, filters, WindowArguments.Square(kernel, stride), groups: 1, padding, pad, act, bias, batchNorm, depthwise);

    /// <summary>A convolution (standard, grouped or depthwise) with its window and groups checked against the input.</summary>
    internal int Conv(LayerSpec layer, int input, string name, int filters, WindowArguments arguments, int groups, Padding padding, int pad, Act act, bool bias, bool batchNorm, bool depthwise)
    {
        var shape = _nodes[input].Output;
        if (shape.Channels % groups != 0)
        {
            Error(DiagnosticIds.InvalidArgument, layer, "Groups", "Groups", Num(groups), "a divisor of the " + Num(shape.Channels) + " input channels of layer '" + Display(name) + "'");
            return -1;
        }
        if (!TryWindow(layer, name, shape, arguments, padding, pad, DiagnosticIds.KernelLargerThanInput, "kernel", out var window)) return -1;
        var output = window.Output(shape, filters);
        if (!FitsTensor(layer, name, output.Elements, out _)) return -1;
        Operation operation = depthwise
            ? new DepthwiseConvOperation(filters, window, bias, batchNorm, layer.Epsilon, act)
            : new ConvOperation(filters, window, bias, batchNorm, layer.Epsilon, act, groups);
        long weights = depthwise ? ((DepthwiseConvOperation)operation).Weights : ((ConvOperation)operation).Weights(shape);
        if (!FitsWeights(layer, name, weights)) return -1;
        return Add(operation, name, new[] { input }, shape, output);
    }

    /// <summary>A square pool with one stride, as the composite layers use.</summary>
    internal int Pool(LayerSpec layer, int input, string name, bool max, int size, int stride, Padding padding)
        => Pool(layer, input, name, max, WindowArguments.Square(size, stride), padding, countIncludePad: false);

    internal int Pool(LayerSpec layer, int input, string name, bool max, WindowArguments arguments, Padding padding, bool countIncludePad)
    {
        var shape = _nodes[input].Output;
        if (!TryWindow(layer, name, shape, arguments, padding, -1, DiagnosticIds.OutputCollapses, "size", out var window)) return -1;
        return Add(new PoolOperation(max, window, countIncludePad), name, new[] { input }, shape, window.Output(shape, shape.Channels));
    }

    internal int Concat(LayerSpec layer, string name, int[] inputs, string[] labels, Act act)
    {
        var first = _nodes[inputs[0]].Output;
        long channels = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            var shape = _nodes[inputs[i]].Output;
            if (shape.Height != first.Height || shape.Width != first.Width)
            {
                Error(DiagnosticIds.ConcatSpatialMismatch, layer, null, Display(name), labels[i], shape.ToString(), labels[0], first.ToString());
                return -1;
            }
            channels += shape.Channels;
        }
        if (!FitsTensor(layer, name, first.Height * (long)first.Width * channels, out _)) return -1;
        return Add(new ConcatOperation(act), name, inputs, first, new Shape(first.Height, first.Width, (int)channels));
    }

    /// <summary>An elementwise sum; <paramref name="labels"/> name the inputs in the mismatch error (null when they cannot mismatch).</summary>
    internal int Sum(LayerSpec layer, string name, int[] inputs, string[]? labels, Act act)
    {
        var first = _nodes[inputs[0]].Output;
        for (int i = 1; i < inputs.Length; i++)
        {
            var shape = _nodes[inputs[i]].Output;
            if (shape != first)
            {
                Error(DiagnosticIds.AddShapeMismatch, layer, null, Display(name), labels?[i] ?? "input " + Num(i), shape.ToString(), labels?[0] ?? "input 0", first.ToString());
                return -1;
            }
        }
        return Add(new AddOperation(act), name, inputs, first, first);
    }

    /// <summary>
    /// Both spatial axes of a window; reports <paramref name="errorId"/> on the side that does not fit (a dilated
    /// kernel by the input positions it spans, (k - 1) * d + 1, which is also what Same padding pads for).
    /// </summary>
    private bool TryWindow(LayerSpec layer, string name, Shape shape, WindowArguments a, Padding padding, int pad, string errorId, string argument, out Window window)
    {
        // Only the layer's own window takes its explicit pads; composite layers (no such arguments) pass -1.
        bool explicitPads = layer.HasExplicitPads && layer.Kind is LayerKind.Conv or LayerKind.DepthwiseConv or LayerKind.MaxPool or LayerKind.AvgPool;
        int spanH = Window.Span(a.KernelH, a.DilationH), spanW = Window.Span(a.KernelW, a.DilationW);
        bool okH = explicitPads ? Geometry.TryAxis(shape.Height, spanH, a.StrideH, padding, layer.PadTop, layer.PadBottom, out var h) : Geometry.TryAxis(shape.Height, spanH, a.StrideH, padding, pad, out h);
        bool okW = explicitPads ? Geometry.TryAxis(shape.Width, spanW, a.StrideW, padding, layer.PadLeft, layer.PadRight, out var w) : Geometry.TryAxis(shape.Width, spanW, a.StrideW, padding, pad, out w);
        window = new Window(a.KernelH, a.KernelW, a.StrideH, a.StrideW, new Pads(h.PadBegin, w.PadBegin, h.PadEnd, w.PadEnd), a.DilationH, a.DilationW);
        if (okH && okW) return WindowFits(layer, name, shape, a, h, w);
        string kernel = Operations.Window.Kernel(a.KernelH, a.KernelW)
            + (window.Dilated ? " (dilated " + Operations.Window.Pair(a.DilationH, a.DilationW) + ": spans " + Operations.Window.Kernel(spanH, spanW) + ")" : "");
        Error(errorId, layer, a.Argument(argument, vertical: !okH), Display(name), kernel, shape.ToString(),
            Num(h.PaddedInput(shape.Height)) + "x" + Num(w.PaddedInput(shape.Width)),
            explicitPads ? ExplicitPadsText(layer) : pad >= 0 ? "Pad = " + Num(pad) : "Padding." + padding);
        return false;
    }

    /// <summary>
    /// A window that fits can still be absurd: padding that makes the padded input too large to hold, or a stride
    /// beyond the padded input (only the first window would ever be read). Both would overflow the generated offsets.
    /// </summary>
    private bool WindowFits(LayerSpec layer, string name, Shape shape, WindowArguments a, AxisGeometry h, AxisGeometry w)
    {
        long paddedH = h.PaddedInput(shape.Height), paddedW = w.PaddedInput(shape.Width);
        if (paddedH * paddedW * shape.Channels > MaxTensorElements)
        {
            Error(DiagnosticIds.TooLarge, layer, null, "the padded input of layer '" + Display(name) + "'", Num(paddedH) + "x" + Num(paddedW) + "x" + Num(shape.Channels), Num(MaxTensorElements) + " values");
            return false;
        }
        long largestSide = Math.Max(paddedH, paddedW);
        int stride = Math.Max(a.StrideH, a.StrideW);
        if (stride > largestSide)
        {
            Error(DiagnosticIds.InvalidArgument, layer, a.StrideArgument, a.StrideArgument, Num(stride), "at most " + Num(largestSide) + ", the largest side of the padded input of layer '" + Display(name) + "'");
            return false;
        }
        return true;
    }

    private static string ExplicitPadsText(LayerSpec layer)
        => "PadTop = " + Num(layer.PadTop) + ", PadLeft = " + Num(layer.PadLeft) + ", PadBottom = " + Num(layer.PadBottom) + ", PadRight = " + Num(layer.PadRight);

    internal bool FitsWeights(LayerSpec layer, string name, long weights)
    {
        if (weights <= MaxTensorElements) return true;
        Error(DiagnosticIds.TooLarge, layer, null, "the weights of layer '" + Display(name) + "'", Num(weights) + " values", Num(MaxTensorElements));
        return false;
    }

    internal bool FitsTensor(LayerSpec layer, string name, long elements, out int value)
    {
        value = (int)Math.Min(elements, int.MaxValue);
        if (elements <= MaxTensorElements) return true;
        Error(DiagnosticIds.TooLarge, layer, null, "the output of layer '" + Display(name) + "'", Num(elements) + " values", Num(MaxTensorElements));
        return false;
    }

    /// <summary>Adds a node of one input whose shape is unchanged or given.</summary>
    internal int Add(Operation operation, string name, int input, Shape output)
        => Add(operation, name, new[] { input }, _nodes[input].Output, output);

    /// <summary>Adds a node; its costs come from its operation, computed here once (checked: the caller reports overflow).</summary>
    internal int Add(Operation operation, string name, int[] inputs, Shape input, Shape output)
    {
        int id = _nodes.Count;
        _nodes.Add(new Node(id, operation, name, inputs.ToEquatableArray(), input, output, _layerIndex)
        {
            MultiplyAdds = operation.MultiplyAdds(input, output),
            Parameters = operation.Parameters(input),
            BatchNormParameters = operation.BatchNormParameters(output),
            Trainable = _frozen == 0,
            SourceId = _sourceId,
            WrittenAs = Display(name) is var written && written != name ? written : null,
        });
        return id;
    }

    internal void Error(string id, LayerSpec layer, string? argument, params string[] args)
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

    internal static string NextLocal(Dictionary<string, int> counters, string prefix)
    {
        counters.TryGetValue(prefix, out int count);
        counters[prefix] = ++count;
        return prefix + count.ToString(CultureInfo.InvariantCulture);
    }

    private static EquatableArray<string> Args(params string[] args) => args.ToEquatableArray();

    internal static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
