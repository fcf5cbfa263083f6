using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>
/// Walks a DSL graph in topological order and finds, for each node, the ONNX nodes that compute the same thing
/// from the ONNX values already matched to its inputs (so branch order and ONNX node order need not agree).
/// Checks every shape on the way and stages the weights; the caller commits them only if the whole graph matched.
/// </summary>
internal sealed class OnnxGraphMatcher
{
    private readonly OnnxModelFile _file;
    private readonly NetworkWeights _weights;
    private readonly IReadOnlyList<NodeInfo> _graph;
    private readonly string[] _values;
    private readonly HashSet<NodeProto> _used = new();
    private readonly Dictionary<string, float[]> _staged = new(StringComparer.Ordinal);
    private readonly List<OnnxLayerMatch> _matches = new();
    private readonly List<string> _folded = new();
    // Values that hold features flattened from an NCHW map (c, h, w order) rather than NHWC, with the map's shape.
    private readonly Dictionary<string, TensorShape> _nchwFlattened = new(StringComparer.Ordinal);

    public OnnxGraphMatcher(OnnxModelFile file, NetworkWeights weights)
    {
        _file = file;
        _weights = weights;
        _graph = weights.Graph;
        _values = new string[_graph.Count];
    }

    public IReadOnlyDictionary<string, float[]> Staged => _staged;

    public OnnxImportResult Match()
    {
        _values[0] = MatchInput();
        for (int id = 1; id < _graph.Count; id++)
        {
            var node = _graph[id];
            var covered = new List<NodeProto>();
            _values[id] = Advance(MatchNode(node, covered), covered);
            _matches.Add(new OnnxLayerMatch(node.Name, covered.Select(Label).ToList()));
        }
        MatchOutput();
        foreach (var node in _file.Graph.Node)
        {
            if (node.OpType != "Constant" && !_used.Contains(node))
            {
                throw new WeightsMismatchException(Label(node),
                    $"ONNX node '{Label(node)}' ({node.OpType}) has no counterpart in the DSL definition: the ONNX graph has more operations than the network.");
            }
        }
        foreach (var tensor in _weights.Tensors)
        {
            if (!_staged.ContainsKey(tensor.Name)) throw new InvalidOperationException($"Tensor '{tensor.Name}' was not filled by the import.");
        }
        return new OnnxImportResult(_matches, _folded);
    }

    // ---- input and output ------------------------------------------------------------------------------------

    private string MatchInput()
    {
        var inputs = _file.Graph.Input.Where(i => !_file.IsConstant(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw new WeightsMismatchException("input", OnnxModelFile.Text($"The ONNX graph has {inputs.Count} data inputs ({string.Join(", ", inputs.Select(i => "'" + i.Name + "'"))}); a CnnDsl network has exactly one."));
        }
        var input = inputs[0];
        var expected = _graph[0].Output;
        long?[] dims = Dims(input);
        string dslText = OnnxModelFile.Text($"{expected} (NHWC; NCHW [N, {expected.Channels}, {expected.Height}, {expected.Width}])");
        if (dims.Length == 4 && Fits(dims[1], expected.Channels) && Fits(dims[2], expected.Height) && Fits(dims[3], expected.Width))
        {
            return input.Name;
        }
        // An NHWC input followed by a Transpose to NCHW, as CnnDsl's exporter and TensorFlow converters write.
        if (dims.Length == 4 && Fits(dims[1], expected.Height) && Fits(dims[2], expected.Width) && Fits(dims[3], expected.Channels))
        {
            var consumers = _file.Consumers(input.Name);
            if (consumers.Count == 1 && consumers[0].OpType == "Transpose" && SameInts(Ints(consumers[0], "perm"), 0, 3, 1, 2))
            {
                _used.Add(consumers[0]);
                return consumers[0].Output[0];
            }
        }
        throw new WeightsMismatchException("input",
            $"The network input is {dslText}, but ONNX input '{input.Name}' has shape {DimsText(dims)}.");
    }

    private void MatchOutput()
    {
        string value = _values[^1];
        var last = _graph[^1];
        // Layout-only nodes may follow the last operation (back to NHWC, flatten to [N, C]).
        while (!_file.IsGraphOutput(value))
        {
            var next = Unused(value);
            if (next.Count == 1 && next[0].OpType is "Transpose" or "Flatten" or "Reshape" or "Squeeze" or "Identity")
            {
                _used.Add(next[0]);
                value = next[0].Output[0];
                continue;
            }
            string continuation = next.Count == 0 ? "nothing (its value is not a graph output)" : string.Join(", ", next.Select(n => $"{n.OpType} '{Label(n)}'"));
            throw new WeightsMismatchException(last.Name,
                $"The DSL network ends at layer '{last.Name}' (output {last.Output}), but in the ONNX graph its value '{_values[^1]}' goes on to {continuation}.");
        }
    }

    // ---- per node ---------------------------------------------------------------------------------------------

    private string MatchNode(NodeInfo node, List<NodeProto> covered)
    {
        string input = _values[node.Inputs.Count > 0 ? node.Inputs[0] : 0];
        switch (node.Op)
        {
            case Op.Conv:
            case Op.DepthwiseConv:
                return MatchConv(node, input, covered);
            case Op.MaxPool:
            case Op.AvgPool:
            case Op.GlobalAvgPool:
                return MatchAct(node, MatchPool(node, input, covered), covered);
            case Op.Dense:
                return MatchDense(node, input, covered);
            case Op.Flatten:
                return MatchFlatten(input, node.Input, covered);
            case Op.BatchNorm:
            {
                var bn = Pick(node, input, "BatchNormalization", candidate => BatchNormProblem(node, candidate));
                covered.Add(bn);
                StageBatchNorm(bn, node.Name + ".", node.Output.Channels);
                return MatchAct(node, bn.Output[0], covered);
            }
            case Op.Activation:
                return MatchAct(node, input, covered);
            case Op.Dropout:
            {
                var next = Unused(input);
                if (next.Count == 1 && next[0].OpType is "Dropout" or "Identity")
                {
                    _used.Add(next[0]);
                    covered.Add(next[0]);
                    return next[0].Output[0];
                }
                return input;
            }
            case Op.Add:
            case Op.Concat:
                return MatchAct(node, MatchMerge(node, covered), covered);
            default:
                throw new WeightsMismatchException(node.Name, $"DSL layer '{node.Name}' has the operation {node.Op}, which the ONNX importer does not know.");
        }
    }

    private string MatchConv(NodeInfo node, string input, List<NodeProto> covered)
    {
        var conv = Pick(node, input, "Conv", candidate => ConvProblem(node, candidate));
        covered.Add(conv);
        string weightName = conv.Input[1];
        _staged[node.Name + ".weight"] = _file.ReadFloats(weightName);
        float[]? onnxBias = conv.Input.Count > 2 && conv.Input[2].Length > 0 ? ReadVector(conv.Input[2], node.Filters, node, conv, "bias") : null;
        string value = conv.Output[0];

        var next = Unused(value);
        bool onnxHasBatchNorm = next.Count == 1 && next[0].OpType == "BatchNormalization";
        bool dslBatchNormFollows = _graph.Any(n => n.Op == Op.BatchNorm && n.Inputs.Count == 1 && n.Inputs[0] == node.Id);
        if (node.BatchNorm)
        {
            if (!onnxHasBatchNorm)
            {
                throw Mismatch(node, conv, "batch normalization", "BatchNorm = true", "no BatchNormalization after the Conv" + Following(next));
            }
            var bn = next[0];
            string? problem = BatchNormProblem(node, bn);
            if (problem is not null) throw Mismatch(node, bn, problem);
            _used.Add(bn);
            covered.Add(bn);
            StageBatchNorm(bn, node.Name + ".bn.", node.Filters);
            if (onnxBias is not null)
            {
                // y = BN(conv + b) = BN'(conv) with the running mean shifted by b: keeps BatchNorm = true exact without a bias tensor.
                var mean = _staged[node.Name + ".bn.running_mean"];
                if (node.Bias) _staged[node.Name + ".bias"] = onnxBias;
                else for (int i = 0; i < mean.Length; i++) mean[i] -= onnxBias[i];
            }
            else if (node.Bias)
            {
                _staged[node.Name + ".bias"] = new float[node.Filters];
            }
            value = bn.Output[0];
        }
        else if (onnxHasBatchNorm && !dslBatchNormFollows)
        {
            var bn = next[0];
            if (!node.Bias)
            {
                throw Mismatch(node, bn, "batch normalization", "no BatchNorm and no Bias (nothing to fold it into)", "BatchNormalization '" + Label(bn) + "' after the Conv");
            }
            string? problem = BatchNormProblem(node, bn, checkEpsilon: false);
            if (problem is not null) throw Mismatch(node, bn, problem);
            _used.Add(bn);
            covered.Add(bn);
            FoldBatchNorm(node, bn, onnxBias);
            _folded.Add(Label(bn));
            value = bn.Output[0];
        }
        else if (node.Bias)
        {
            _staged[node.Name + ".bias"] = onnxBias ?? new float[node.Filters];
        }
        else if (onnxBias is not null)
        {
            throw Mismatch(node, conv, "bias", "Bias = false", "a bias input '" + conv.Input[2] + "'");
        }
        return MatchAct(node, value, covered);
    }

    private string? ConvProblem(NodeInfo node, NodeProto conv)
    {
        if (conv.Input.Count < 2) return "the Conv has no weight input";
        long[]? w = _file.ConstantDims(conv.Input[1]);
        if (w is null) return "the Conv weight '" + conv.Input[1] + "' is not an initializer";
        int inChannels = node.Input.Channels;
        long group = Int(conv, "group", 1);
        long[] expected = node.Op == Op.DepthwiseConv
            ? new long[] { node.Filters, 1, node.KernelH, node.KernelW }
            : new long[] { node.Filters, inChannels, node.KernelH, node.KernelW };
        long expectedGroup = node.Op == Op.DepthwiseConv ? inChannels : 1;
        if (!w.SequenceEqual(expected)) return Differ("weight shape", List(expected), List(w));
        if (group != expectedGroup) return Differ("group", Num(expectedGroup), Num(group));
        if (Ints(conv, "kernel_shape") is { } k && !k.SequenceEqual(new long[] { node.KernelH, node.KernelW }))
            return Differ("kernel_shape", List(new long[] { node.KernelH, node.KernelW }), List(k));
        return WindowProblem(node, conv, "Conv");
    }

    /// <summary>Strides, dilations and padding (explicit or auto_pad) of a Conv or pooling node against the DSL node.</summary>
    private string? WindowProblem(NodeInfo node, NodeProto onnx, string kind)
    {
        long[] strides = Ints(onnx, "strides") ?? new long[] { 1, 1 };
        if (!strides.SequenceEqual(new long[] { node.StrideH, node.StrideW })) return Differ("strides", List(new long[] { node.StrideH, node.StrideW }), List(strides));
        if (Ints(onnx, "dilations") is { } d && d.Any(x => x != 1)) return Differ("dilations", "[1, 1] (CnnDsl has no dilation)", List(d));
        long[] dslPads = { node.PadTop, node.PadLeft, node.PadBottom, node.PadRight };
        long[] onnxPads = OnnxPads(node, onnx, (int)strides[0], (int)strides[1]);
        bool ceil = kind != "Conv" && Int(onnx, "ceil_mode", 0) != 0;
        if (ceil)
        {
            // Ceil mode adds windows that overhang the end; with padding excluded (max never picks it, average does
            // not count it) that equals padding the end, so compare begin pads and output sizes.
            long outH = CeilOut(node.Input.Height, onnxPads[0], onnxPads[2], node.KernelH, strides[0]);
            long outW = CeilOut(node.Input.Width, onnxPads[1], onnxPads[3], node.KernelW, strides[1]);
            if (dslPads[0] != onnxPads[0] || dslPads[1] != onnxPads[1] || outH != node.Output.Height || outW != node.Output.Width)
                return Differ("padding (ceil_mode = 1)", List(dslPads) + " -> " + node.Output.Height + "x" + node.Output.Width, List(onnxPads) + " -> " + outH + "x" + outW);
            return null;
        }
        if (!dslPads.SequenceEqual(onnxPads)) return Differ("pads [top, left, bottom, right]", List(dslPads), List(onnxPads));
        return null;
    }

    private static long CeilOut(long input, long padBegin, long padEnd, long kernel, long stride)
    {
        long output = (input + padBegin + padEnd - kernel + stride - 1) / stride + 1;
        // ONNX (like PyTorch) drops a last window that would start inside the end padding.
        if ((output - 1) * stride >= input + padBegin) output--;
        return output;
    }

    private long[] OnnxPads(NodeInfo node, NodeProto onnx, int strideH, int strideW)
    {
        string autoPad = String(onnx, "auto_pad", "NOTSET");
        switch (autoPad)
        {
            case "SAME_UPPER":
            case "SAME_LOWER":
            {
                bool lower = autoPad == "SAME_LOWER";
                var (top, bottom) = SamePads(node.Input.Height, node.KernelH, strideH, lower);
                var (left, right) = SamePads(node.Input.Width, node.KernelW, strideW, lower);
                return new long[] { top, left, bottom, right };
            }
            case "VALID":
                return new long[4];
            case "NOTSET":
            case "":
                long[] pads = Ints(onnx, "pads") ?? new long[4];
                if (pads.Length != 4) throw new InvalidDataException(OnnxModelFile.Text($"ONNX node '{Label(onnx)}' has {pads.Length} pads; a 2-D window needs 4."));
                return pads;
            default:
                throw new InvalidDataException($"ONNX node '{Label(onnx)}' has the unknown auto_pad '{autoPad}'.");
        }
    }

    private static (long Begin, long End) SamePads(int input, int kernel, int stride, bool lower)
    {
        long output = (input + (long)stride - 1) / stride;
        long total = Math.Max((output - 1) * stride + kernel - input, 0);
        return lower ? (total - total / 2, total / 2) : (total / 2, total - total / 2);
    }

    private string MatchPool(NodeInfo node, string input, List<NodeProto> covered)
    {
        if (node.Op == Op.GlobalAvgPool)
        {
            var global = Pick(node, input, new[] { "GlobalAveragePool", "AveragePool" }, candidate =>
            {
                if (candidate.OpType == "GlobalAveragePool") return null;
                // An AveragePool whose window covers the whole unpadded input is a global average.
                long[] k = Ints(candidate, "kernel_shape") ?? Array.Empty<long>();
                long[] pads = OnnxPads(node with { KernelH = (int)k.ElementAtOrDefault(0), KernelW = (int)k.ElementAtOrDefault(1) }, candidate, 1, 1);
                long[] whole = { node.Input.Height, node.Input.Width };
                if (!k.SequenceEqual(whole) || pads.Any(p => p != 0)) return Differ("window", "global average over " + node.Input.Height + "x" + node.Input.Width, "AveragePool kernel " + List(k) + ", pads " + List(pads));
                return null;
            });
            covered.Add(global);
            return global.Output[0];
        }
        string op = node.Op == Op.MaxPool ? "MaxPool" : "AveragePool";
        var pool = Pick(node, input, op, candidate =>
        {
            long[] k = Ints(candidate, "kernel_shape") ?? Array.Empty<long>();
            if (!k.SequenceEqual(new long[] { node.KernelH, node.KernelW })) return Differ("kernel_shape", List(new long[] { node.KernelH, node.KernelW }), List(k));
            if (candidate.Output.Count > 1 && candidate.Output[1].Length > 0) return "the MaxPool also outputs indices, which CnnDsl does not compute";
            string? window = WindowProblem(node, candidate, op);
            if (window is not null) return window;
            if (op == "AveragePool" && Int(candidate, "count_include_pad", 0) != 0 && node.PadTop + node.PadLeft + node.PadBottom + node.PadRight > 0)
                return Differ("count_include_pad", "0 (CnnDsl averages only real values)", "1");
            return null;
        });
        covered.Add(pool);
        return pool.Output[0];
    }

    private string MatchDense(NodeInfo node, string input, List<NodeProto> covered)
    {
        // Flatten (or Transpose + Flatten, or Reshape) may sit between the features and the Gemm.
        string features = MatchFlatten(input, node.Input, covered);
        var gemm = Pick(node, features, "Gemm", candidate =>
        {
            if (Float(candidate, "alpha", 1f) != 1f || Float(candidate, "beta", 1f) != 1f) return Differ("alpha/beta", "1/1", Float(candidate, "alpha", 1f) + "/" + Float(candidate, "beta", 1f));
            if (Int(candidate, "transA", 0) != 0) return Differ("transA", "0", "1");
            long[]? b = _file.ConstantDims(candidate.Input[1]);
            if (b is null) return "the Gemm weight '" + candidate.Input[1] + "' is not an initializer";
            long inFeatures = node.Input.Length;
            long[] expected = Int(candidate, "transB", 0) != 0 ? new[] { (long)node.Filters, inFeatures } : new[] { inFeatures, (long)node.Filters };
            if (!b.SequenceEqual(expected)) return Differ("weight shape (transB = " + Int(candidate, "transB", 0) + ")", List(expected), List(b));
            bool hasBias = candidate.Input.Count > 2 && candidate.Input[2].Length > 0;
            if (!node.Bias && hasBias) return Differ("bias", "Bias = false", "a bias input");
            return null;
        });
        covered.Add(gemm);
        float[] b = _file.ReadFloats(gemm.Input[1]);
        int units = node.Filters, inFeatures = node.Input.Length;
        var weight = new float[b.Length];
        bool transB = Int(gemm, "transB", 0) != 0;
        // Permute ONNX's (c, h, w) feature order to the canonical (h, w, c) when the features were flattened from NCHW.
        bool nchw = _nchwFlattened.TryGetValue(features, out var shape);
        if (!nchw) shape = node.Input;
        for (int u = 0; u < units; u++)
        {
            for (int h = 0; h < shape.Height; h++)
            for (int w = 0; w < shape.Width; w++)
            for (int c = 0; c < shape.Channels; c++)
            {
                int canonical = (h * shape.Width + w) * shape.Channels + c;
                int onnxIndex = nchw ? (c * shape.Height + h) * shape.Width + w : canonical;
                weight[u * inFeatures + canonical] = transB ? b[u * inFeatures + onnxIndex] : b[onnxIndex * units + u];
            }
        }
        _staged[node.Name + ".weight"] = weight;
        if (node.Bias)
        {
            _staged[node.Name + ".bias"] = gemm.Input.Count > 2 && gemm.Input[2].Length > 0 ? ReadVector(gemm.Input[2], units, node, gemm, "bias") : new float[units];
        }
        // The units may be reshaped back to [N, units, 1, 1] (a no-op on 1x1 data) before the activation.
        string units2d = gemm.Output[0];
        while (node.Act != Act.None && Unused(units2d) is { Count: 1 } next && next[0].OpType is "Reshape" or "Unsqueeze" or "Flatten" or "Identity")
        {
            _used.Add(next[0]);
            covered.Add(next[0]);
            units2d = next[0].Output[0];
        }
        return MatchAct(node, units2d, covered);
    }

    /// <summary>Consumes a chain of layout nodes (Transpose, Flatten, Reshape, Squeeze, Unsqueeze) and records the feature order.</summary>
    private string MatchFlatten(string input, TensorShape shape, List<NodeProto> covered)
    {
        string value = input;
        bool transposedToNhwc = false, flattened = false;
        while (true)
        {
            var next = Unused(value);
            if (next.Count != 1) break;
            var n = next[0];
            if (n.OpType == "Transpose" && SameInts(Ints(n, "perm"), 0, 2, 3, 1) && !flattened) transposedToNhwc = true;
            else if (n.OpType is "Flatten" or "Reshape") flattened = true;
            else if (n.OpType is not ("Squeeze" or "Unsqueeze" or "Identity")) break;
            _used.Add(n);
            covered.Add(n);
            value = n.Output[0];
        }
        if (flattened && !transposedToNhwc && shape.Height * shape.Width > 1) _nchwFlattened[value] = _nchwFlattened.GetValueOrDefault(input, shape);
        else if (_nchwFlattened.TryGetValue(input, out var earlier)) _nchwFlattened[value] = earlier;
        return value;
    }

    private string MatchMerge(NodeInfo node, List<NodeProto> covered)
    {
        var inputs = node.Inputs.Select(i => _values[i]).ToList();
        string op = node.Op == Op.Add ? "Add" : "Concat";
        foreach (var candidate in Unused(inputs[0]))
        {
            bool fits = node.Op == Op.Add
                ? candidate.OpType is "Add" or "Sum" && candidate.Input.Count == inputs.Count && inputs.All(candidate.Input.Contains)
                : candidate.OpType == "Concat" && candidate.Input.SequenceEqual(inputs) && Int(candidate, "axis", 1) == 1;
            if (!fits) continue;
            _used.Add(candidate);
            covered.Add(candidate);
            return candidate.Output[0];
        }
        var consumers = Unused(inputs[0]);
        string found = consumers.Count == 0 ? "no unmatched node reads it" : "its readers are " + string.Join(", ", consumers.Select(n => $"{n.OpType} '{Label(n)}' (inputs {string.Join(", ", n.Input)})"));
        throw new WeightsMismatchException(node.Name,
            $"DSL layer '{node.Name}' ({op} of {string.Join(", ", node.Inputs.Select(i => "'" + _graph[i].Name + "'"))}, shape {node.Output}) has no ONNX counterpart: "
            + $"no {op} node reads exactly the ONNX values {string.Join(", ", inputs.Select(v => "'" + v + "'"))}; {found}.");
    }

    private string MatchAct(NodeInfo node, string value, List<NodeProto> covered)
    {
        if (node.Act == Act.None) return value;
        var next = Unused(value);
        string expected = node.Act switch
        {
            Act.Relu => "Relu",
            Act.Relu6 => "Clip",
            Act.Sigmoid => "Sigmoid",
            Act.HardSwish => "HardSwish",
            Act.Softmax => "Softmax",
            Act.Swish => "Sigmoid",
            _ => throw new WeightsMismatchException(node.Name, $"DSL layer '{node.Name}' has the activation {node.Act}, which the ONNX importer does not know."),
        };
        if (node.Act == Act.Swish)
        {
            // x * sigmoid(x): a Sigmoid and a Mul both read x.
            var sigmoid = next.FirstOrDefault(n => n.OpType == "Sigmoid");
            var mul = sigmoid is null ? null : next.FirstOrDefault(n => n.OpType == "Mul" && n.Input.Contains(sigmoid.Output[0]));
            if (next.Count != 2 || mul is null) throw ActMismatch(node, value, next, "Sigmoid and Mul (x * sigmoid(x))");
            _used.Add(sigmoid!);
            _used.Add(mul);
            covered.Add(sigmoid!);
            covered.Add(mul);
            return mul.Output[0];
        }
        if (next.Count != 1 || next[0].OpType != expected) throw ActMismatch(node, value, next, expected);
        var act = next[0];
        if (node.Act == Act.Relu6)
        {
            float min = act.Input.Count > 1 && act.Input[1].Length > 0 ? _file.ReadScalar(act.Input[1]) ?? float.NaN : Float(act, "min", float.MinValue);
            float max = act.Input.Count > 2 && act.Input[2].Length > 0 ? _file.ReadScalar(act.Input[2]) ?? float.NaN : Float(act, "max", float.MaxValue);
            if (min != 0f || max != 6f) throw Mismatch(node, act, "clip range", "[0, 6] (Relu6)", OnnxModelFile.Text($"[{min}, {max}]"));
        }
        if (node.Act == Act.Softmax && Int(act, "axis", 1) != 1 && !(node.Output.Height == 1 && node.Output.Width == 1 && Int(act, "axis", 1) == -1))
        {
            throw Mismatch(node, act, "softmax axis", "1 (channels)", Num(Int(act, "axis", 1)));
        }
        _used.Add(act);
        covered.Add(act);
        return act.Output[0];
    }

    private WeightsMismatchException ActMismatch(NodeInfo node, string value, IReadOnlyList<NodeProto> next, string expected)
        => new(node.Name, $"DSL layer '{node.Name}' ends with activation {node.Act}, but in the ONNX graph value '{value}' is read by "
            + (next.Count == 0 ? "nothing" : string.Join(", ", next.Select(n => $"{n.OpType} '{Label(n)}'")))
            + $" instead of a single {expected}.");

    // ---- weights ----------------------------------------------------------------------------------------------

    private string? BatchNormProblem(NodeInfo node, NodeProto bn, bool checkEpsilon = true)
    {
        int channels = node.Op == Op.BatchNorm ? node.Output.Channels : node.Filters;
        if (bn.Input.Count < 5) return "BatchNormalization '" + Label(bn) + "' has fewer than 5 inputs";
        for (int i = 1; i < 5; i++)
        {
            long[]? dims = _file.ConstantDims(bn.Input[i]);
            if (dims is null) return "BatchNormalization input '" + bn.Input[i] + "' is not an initializer";
            if (dims.Aggregate(1L, (a, b) => a * b) != channels) return Differ("batch-norm parameter shape", "[" + channels + "]", List(dims));
        }
        if (Int(bn, "spatial", 1) != 1) return Differ("spatial", "1", "0");
        if (Int(bn, "training_mode", 0) != 0) return Differ("training_mode", "0", "1");
        float epsilon = Float(bn, "epsilon", 1e-5f);
        if (checkEpsilon && Math.Abs(epsilon - node.Epsilon) > 1e-3 * Math.Max(epsilon, node.Epsilon))
            return Differ("epsilon", OnnxModelFile.Text($"{node.Epsilon}"), OnnxModelFile.Text($"{epsilon}"));
        return null;
    }

    private void StageBatchNorm(NodeProto bn, string prefix, int channels)
    {
        string[] names = { "weight", "bias", "running_mean", "running_var" };
        for (int i = 0; i < 4; i++) _staged[prefix + names[i]] = _file.ReadFloats(bn.Input[i + 1]);
        if (_staged[prefix + "weight"].Length != channels) throw new InvalidDataException($"BatchNormalization '{Label(bn)}' does not hold {channels} channels.");
    }

    /// <summary>W' = W * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps), computed in double.</summary>
    private void FoldBatchNorm(NodeInfo node, NodeProto bn, float[]? onnxBias)
    {
        var gamma = _file.ReadFloats(bn.Input[1]);
        var beta = _file.ReadFloats(bn.Input[2]);
        var mean = _file.ReadFloats(bn.Input[3]);
        var variance = _file.ReadFloats(bn.Input[4]);
        double epsilon = Float(bn, "epsilon", 1e-5f);
        var weight = _staged[node.Name + ".weight"];
        int perFilter = weight.Length / node.Filters;
        var bias = new float[node.Filters];
        for (int o = 0; o < node.Filters; o++)
        {
            double scale = gamma[o] / Math.Sqrt(variance[o] + epsilon);
            for (int j = 0; j < perFilter; j++) weight[o * perFilter + j] = (float)(weight[o * perFilter + j] * scale);
            bias[o] = (float)(((onnxBias?[o] ?? 0.0) - mean[o]) * scale + beta[o]);
        }
        _staged[node.Name + ".bias"] = bias;
    }

    private float[] ReadVector(string name, int length, NodeInfo node, NodeProto onnx, string what)
    {
        var values = _file.ReadFloats(name);
        if (values.Length != length) throw Mismatch(node, onnx, what + " length", Num(length), Num(values.Length));
        return values;
    }

    // ---- candidates and messages ------------------------------------------------------------------------------

    private NodeProto Pick(NodeInfo node, string input, string op, Func<NodeProto, string?> problem)
        => Pick(node, input, new[] { op }, problem);

    /// <summary>The first unmatched reader of <paramref name="input"/> of one of <paramref name="ops"/> without a problem.</summary>
    private NodeProto Pick(NodeInfo node, string input, string[] ops, Func<NodeProto, string?> problem)
    {
        var readers = Unused(input);
        NodeProto? firstWrong = null;
        string? firstProblem = null;
        foreach (var candidate in readers)
        {
            if (!ops.Contains(candidate.OpType) || candidate.Input.Count == 0 || candidate.Input[0] != input) continue;
            string? p = problem(candidate);
            if (p is null)
            {
                _used.Add(candidate);
                return candidate;
            }
            if (firstWrong is null)
            {
                firstWrong = candidate;
                firstProblem = p;
            }
        }
        if (firstWrong is not null) throw Mismatch(node, firstWrong, firstProblem!);
        string found = readers.Count == 0 ? "no unmatched ONNX node reads it" : "it is read by " + string.Join(", ", readers.Select(n => $"{n.OpType} '{Label(n)}'"));
        throw new WeightsMismatchException(node.Name,
            $"DSL layer '{node.Name}' ({DescribeDsl(node)}) has no ONNX counterpart: expected a {string.Join(" or ", ops)} reading ONNX value '{input}', but {found}.");
    }

    /// <summary>The readers of a value not matched yet, in graph order.</summary>
    private List<NodeProto> Unused(string value)
    {
        var result = new List<NodeProto>();
        foreach (var n in _file.Consumers(value))
        {
            if (!_used.Contains(n)) result.Add(n);
        }
        return result;
    }

    /// <summary>Steps over single Identity nodes after a matched value (they change nothing).</summary>
    private string Advance(string value, List<NodeProto> covered)
    {
        while (true)
        {
            var next = Unused(value);
            if (next.Count != 1 || next[0].OpType != "Identity") return value;
            _used.Add(next[0]);
            covered.Add(next[0]);
            value = next[0].Output[0];
        }
    }

    private static string Following(IReadOnlyList<NodeProto> next)
        => next.Count == 0 ? "" : " (it is read by " + string.Join(", ", next.Select(n => $"{n.OpType} '{Label(n)}'")) + ")";

    private static string Differ(string what, string dsl, string onnx) => $"{what}: {dsl} in the definition, {onnx} in the ONNX file";

    private WeightsMismatchException Mismatch(NodeInfo node, NodeProto onnx, string what, string dsl, string onnxText)
        => Mismatch(node, onnx, Differ(what, dsl, onnxText));

    private WeightsMismatchException Mismatch(NodeInfo node, NodeProto onnx, string problem)
        => new(node.Name, $"DSL layer '{node.Name}' ({DescribeDsl(node)}) and ONNX node '{Label(onnx)}' ({DescribeOnnx(onnx)}) differ in {problem}.");

    private static string DescribeDsl(NodeInfo node)
    {
        string pads = $"pads [{node.PadTop}, {node.PadLeft}, {node.PadBottom}, {node.PadRight}]";
        string io = $"{node.Input} -> {node.Output}";
        string act = node.Act == Act.None ? "" : ", " + node.Act;
        string tail = (node.BatchNorm ? ", BatchNorm" : "") + act;
        return node.Op switch
        {
            Op.Conv or Op.DepthwiseConv => OnnxModelFile.Text($"{node.Op} {node.KernelH}x{node.KernelW}/{node.StrideH}, {node.Filters} filters, {pads}, {io}{tail}"),
            Op.MaxPool or Op.AvgPool => OnnxModelFile.Text($"{node.Op} {node.KernelH}x{node.KernelW}/{node.StrideH}, {pads}, {io}"),
            Op.Dense => OnnxModelFile.Text($"Dense {node.Filters} units, {io}{tail}"),
            _ => $"{node.Op}, {io}{tail}",
        };
    }

    private string DescribeOnnx(NodeProto onnx)
    {
        var parts = new List<string> { onnx.OpType };
        if (onnx.OpType is "Conv" or "Gemm" && onnx.Input.Count > 1 && _file.ConstantDims(onnx.Input[1]) is { } w) parts.Add("weight " + List(w));
        foreach (string name in new[] { "kernel_shape", "strides", "pads", "group", "auto_pad" })
        {
            var a = Find(onnx, name);
            if (a is null) continue;
            parts.Add(name + " " + (a.Ints.Count > 0 ? List(a.Ints) : a.S.Length > 0 ? a.S.ToStringUtf8() : Num(a.I)));
        }
        return string.Join(", ", parts);
    }

    private static long?[] Dims(ValueInfoProto value)
    {
        var shape = value.Type?.TensorType?.Shape;
        if (shape is null) return Array.Empty<long?>();
        return shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : (long?)null).ToArray();
    }

    private static string DimsText(long?[] dims) => "[" + string.Join(", ", dims.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")) + "]";

    private static bool Fits(long? dim, int expected) => dim is null || dim == expected;

    private static bool SameInts(long[]? values, params long[] expected) => values is not null && values.SequenceEqual(expected);
}
