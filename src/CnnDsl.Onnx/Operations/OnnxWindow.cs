using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;
using static CnnDsl.Onnx.OnnxGraphMatcher;

namespace CnnDsl.Onnx;

/// <summary>
/// The sliding window shared by convolutions and pools: kernel, strides and padding (explicit, asymmetric, auto_pad
/// or ceil_mode) written, checked on import and turned into attribute arguments by the scaffolder.
/// </summary>
internal static class OnnxWindow
{
    public static AttributeProto[] Export(NodeInfo node) =>
    [
        OnnxGraphWriter.Ints("kernel_shape", node.KernelH, node.KernelW),
        OnnxGraphWriter.Ints("strides", node.StrideH, node.StrideW),
        // ONNX orders pads as (begin of each axis, then end of each axis).
        OnnxGraphWriter.Ints("pads", node.PadTop, node.PadLeft, node.PadBottom, node.PadRight),
    ];

    /// <summary>
    /// Strides, dilations and padding of a Conv or pooling node against the DSL node, with <paramref name="padBefore"/>
    /// [top, left, bottom, right] from a Pad node in front of it; null when they agree.
    /// </summary>
    public static string? Problem(NodeInfo node, NodeProto onnx, bool pool, long[]? padBefore = null)
    {
        long[] strides = Ints(onnx, "strides") ?? new long[] { 1, 1 };
        if (!strides.SequenceEqual(new long[] { node.StrideH, node.StrideW })) return Differ("strides", List(new long[] { node.StrideH, node.StrideW }), List(strides));
        long[] dilations = Ints(onnx, "dilations") ?? new long[] { 1, 1 };
        if (!dilations.SequenceEqual(new long[] { node.DilationH, node.DilationW })) return Differ("dilations", List(new long[] { node.DilationH, node.DilationW }), List(dilations));
        long[] dslPads = { node.PadTop, node.PadLeft, node.PadBottom, node.PadRight };
        long[] onnxPads = Pads(node, onnx, node.StrideH, node.StrideW);
        if (padBefore is not null)
        {
            if (String(onnx, "auto_pad", "NOTSET") is "SAME_UPPER" or "SAME_LOWER") return "auto_pad SAME after a Pad node";
            for (int i = 0; i < 4; i++) onnxPads[i] += padBefore[i];
        }
        if (pool && Int(onnx, "ceil_mode", 0) != 0)
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

    /// <summary>The ONNX node's pads [top, left, bottom, right] on the DSL node's input.</summary>
    public static long[] Pads(NodeInfo node, NodeProto onnx, int strideH, int strideW)
    {
        string autoPad = String(onnx, "auto_pad", "NOTSET");
        switch (autoPad)
        {
            case "SAME_UPPER":
            case "SAME_LOWER":
            {
                bool lower = autoPad == "SAME_LOWER";
                // A dilated kernel spans (k - 1) * d + 1 inputs, which is what SAME pads for.
                var (top, bottom) = SamePads(node.Input.Height, (node.KernelH - 1L) * node.DilationH + 1, strideH, lower);
                var (left, right) = SamePads(node.Input.Width, (node.KernelW - 1L) * node.DilationW + 1, strideW, lower);
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

    /// <summary>SAME padding of one axis: (begin, end).</summary>
    public static (long Begin, long End) SamePads(long input, long kernel, long stride, bool lower)
    {
        long output = (input + stride - 1) / stride;
        long total = Math.Max((output - 1) * stride + kernel - input, 0);
        return lower ? (total - total / 2, total / 2) : (total / 2, total - total / 2);
    }

    /// <summary>Whether <paramref name="pads"/> [top, left, bottom, right] are what <c>Padding.Same</c> gives a window spanning <paramref name="span"/> on <paramref name="shape"/>.</summary>
    public static bool IsSame(ScaffoldShape shape, long[] span, long[] stride, long[] pads)
    {
        var (top, bottom) = SamePads(shape.H, span[0], stride[0], lower: false);
        var (left, right) = SamePads(shape.W, span[1], stride[1], lower: false);
        return pads.SequenceEqual(new[] { top, left, bottom, right });
    }

    /// <summary>Output size of one axis in ceil mode.</summary>
    public static long CeilOut(long input, long padBegin, long padEnd, long kernel, long stride)
    {
        long output = (input + padBegin + padEnd - kernel + stride - 1) / stride + 1;
        // ONNX (like PyTorch) drops a last window that would start inside the end padding.
        if ((output - 1) * stride >= input + padBegin) output--;
        return output;
    }

    /// <summary>
    /// The scaffolded padding argument text and the four pads [top, left, bottom, right] for a window spanning
    /// <paramref name="span"/> inputs (height, width; a dilated kernel's extent) moved by <paramref name="stride"/>;
    /// <paramref name="problem"/> when unexpressible.
    /// </summary>
    public static (string Text, long[] Pads) Scaffold(NodeProto node, ScaffoldShape shape, long[] span, long[] stride, bool isConv, out string? problem, long[]? padBefore = null)
    {
        problem = null;
        string autoPad = String(node, "auto_pad", "NOTSET");
        if (padBefore is not null)
        {
            if (autoPad is "SAME_UPPER" or "SAME_LOWER") { problem = "auto_pad SAME after a Pad node"; return ("", new long[4]); }
            var (_, own) = Scaffold(node, shape, span, stride, isConv, out problem);
            if (problem is not null) return ("", own);
            return Text(new[] { own[0] + padBefore[0], own[1] + padBefore[1], own[2] + padBefore[2], own[3] + padBefore[3] }, isConv, shape, span, stride);
        }
        switch (autoPad)
        {
            case "SAME_UPPER":
            case "SAME_LOWER":
            {
                bool lower = autoPad == "SAME_LOWER";
                var (top, bottom) = SamePads(shape.H, span[0], stride[0], lower);
                var (left, right) = SamePads(shape.W, span[1], stride[1], lower);
                return (lower ? "Padding = Padding.SameLower" : "", new[] { top, left, bottom, right });
            }
            case "VALID": return ("Padding = Padding.Valid", new long[4]);
            case "NOTSET":
            case "":
                break;
            default:
                problem = "the unknown auto_pad " + autoPad;
                return ("", new long[4]);
        }
        long[] pads = Ints(node, "pads") ?? new long[4];
        if (pads.Length != 4 || pads.Any(p => p < 0 || p > int.MaxValue)) { problem = "pads " + List(pads); return ("", new long[4]); }
        if (!isConv && Int(node, "ceil_mode", 0) != 0)
        {
            // Ceil mode = extra end padding (padding is not counted in CnnDsl's pools unless CountIncludePad).
            long Extend(long input, long begin, long end, int axis) => Math.Max(end, (CeilOut(input, begin, end, span[axis], stride[axis]) - 1) * stride[axis] + span[axis] - input - begin);
            pads = new[] { pads[0], pads[1], Extend(shape.H, pads[0], pads[2], 0), Extend(shape.W, pads[1], pads[3], 1) };
        }
        return Text(pads, isConv, shape, span, stride);
    }

    /// <summary>The window's sides as attribute arguments: "k" when square, else "kH, kW".</summary>
    public static string Sides(long height, long width) => height == width ? Num(height) : Num(height) + ", " + Num(width);

    /// <summary>
    /// A per-axis pair (strides, dilations) as named arguments: nothing at <paramref name="fallback"/>, "Stride = s"
    /// when both agree, else "StrideH = a, StrideW = b".
    /// </summary>
    public static IEnumerable<string> Pair(string name, long height, long width, long fallback)
    {
        if (height == width)
        {
            if (height != fallback) yield return name + " = " + Num(height);
        }
        else
        {
            yield return name + "H = " + Num(height);
            yield return name + "W = " + Num(width);
        }
    }

    /// <summary>The DSL's closest form of explicit pads: nothing when they are the default Padding.Same's on this input, Valid, one Pad (convolutions), or the four sides.</summary>
    private static (string Text, long[] Pads) Text(long[] pads, bool isConv, ScaffoldShape shape, long[] span, long[] stride)
    {
        if (IsSame(shape, span, stride, pads)) return ("", pads);
        if (pads.All(p => p == 0)) return ("Padding = Padding.Valid", pads);
        if (isConv && pads.All(p => p == pads[0])) return (OnnxScaffoldWalker.Inv($"Pad = {pads[0]}"), pads);
        return (OnnxScaffoldWalker.Inv($"PadTop = {pads[0]}, PadLeft = {pads[1]}, PadBottom = {pads[2]}, PadRight = {pads[3]}"), pads);
    }

    /// <summary>
    /// The spatial pads [top, left, bottom, right] of an ONNX Pad that adds zeros around height and width only (as
    /// converters write a convolution's explicit padding), or null with <paramref name="problem"/>.
    /// </summary>
    public static long[]? ZeroPad(OnnxModelFile file, NodeProto pad, out string? problem)
    {
        problem = null;
        if (String(pad, "mode", "constant") != "constant") { problem = "a Pad in mode " + String(pad, "mode", ""); return null; }
        long[]? pads = pad.Input.Count > 1 && pad.Input[1].Length > 0 ? file.ReadInts(pad.Input[1]) : Ints(pad, "pads");
        float value = pad.Input.Count > 2 && pad.Input[2].Length > 0 ? file.ReadScalar(pad.Input[2]) ?? float.NaN : Float(pad, "value", 0f);
        if (pads is null || pads.Length != 8 || (pad.Input.Count > 3 && pad.Input[3].Length > 0)) { problem = "a Pad whose pads are not 8 constants over N, C, H, W"; return null; }
        if (value != 0f) { problem = OnnxModelFile.Text($"a Pad with the value {value} (convolutions pad with zeros)"); return null; }
        if (pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0 || pads.Any(p => p < 0 || p > int.MaxValue)) { problem = "a Pad of the batch or channel axis, or negative " + List(pads); return null; }
        return new[] { pads[2], pads[3], pads[6], pads[7] };
    }
}
