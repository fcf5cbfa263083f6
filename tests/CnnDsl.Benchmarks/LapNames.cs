using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace CnnDsl.Benchmarks;

/// <summary>
/// The graph nodes each one-thread lap of <see cref="CnnDsl.Threading.SplitProfile"/> covers, read from the generated
/// network's IL: its <c>Run</c> method calls the layer methods in order, and a lap ends at each <c>NextPart</c> loop's
/// end, each <c>Meet</c>, and inside a layer method that meets the other thread (a bordered input's copy). A layer method
/// is named after the first node of its geometry (<c>Node15_...</c>); a later node calling it is the next node of the
/// same operation and shapes. Null when the IL does not read as expected (the profile then prints plain lap numbers).
/// </summary>
internal static class LapNames
{
    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Per lap, the names of the nodes it covers (a border copy's lap: "name (border)").</summary>
    public static List<List<string>>? Of(Type network, IReadOnlyList<NodeInfo> graph)
    {
        try
        {
            var run = network.GetMethod("Run", BindingFlags.NonPublic | BindingFlags.Instance);
            if (run is null) return null;
            var laps = new List<List<string>>();
            var open = new List<string>();
            int cursor = 0;
            foreach (var callee in Calls(run))
            {
                // A streamed block (NodeN_..._Block, in a NextPart loop): its expansion N, the depthwise layer, and the projection after it where the block takes its weights.
                if (callee.Name.EndsWith("_Block", StringComparison.Ordinal))
                {
                    int expand = NodeIdOf(callee.Name);
                    cursor = expand > cursor ? expand : NextLike(graph, cursor, expand);
                    if (cursor < 0) return null;
                    open.Add(graph[cursor].Name);
                    bool projects = Array.Exists(callee.GetParameters(), parameter => parameter.Name == "projectWeights");
                    foreach (var op in projects ? new[] { Op.DepthwiseConv, Op.Conv } : new[] { Op.DepthwiseConv })
                    {
                        do cursor++; while (cursor < graph.Count && graph[cursor].Op != op);
                        if (cursor == graph.Count) return null;
                        open.Add(graph[cursor].Name);
                    }
                    continue;
                }
                // The image's copy in and the result's copy out (Forward(input, output)) end with a meeting of their own.
                if (callee.DeclaringType == network && (callee.Name == "CopyIn" || callee.Name == "CopyOut"))
                {
                    laps.Add([callee.Name == "CopyIn" ? "(image in)" : "(result out)"]);
                    continue;
                }
                if (callee.DeclaringType == network && (callee.Name == "NextPart" || callee.Name == "Meet"))
                {
                    laps.Add(open);
                    open = new List<string>();
                    continue;
                }
                int id = NodeIdOf(callee.Name);
                if (id < 0) continue;
                cursor = id > cursor ? id : NextLike(graph, cursor, id);
                if (cursor < 0) return null;
                string name = graph[cursor].Name;
                if (Calls(callee).Any(c => c.Name == "Meet" && c.DeclaringType?.Name == "SplitWorker"))
                {
                    open.Add(name + " (border)");
                    laps.Add(open);
                    open = new List<string>();
                }
                open.Add(name);
            }
            if (open.Count > 0) laps.Add(open);
            return laps;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>N of a layer method named <c>NodeN_...</c>, else -1.</summary>
    private static int NodeIdOf(string method)
    {
        if (!method.StartsWith("Node", StringComparison.Ordinal)) return -1;
        int end = method.IndexOf('_', StringComparison.Ordinal);
        return end > 4 && int.TryParse(method.AsSpan(4, end - 4), out int id) ? id : -1;
    }

    /// <summary>The first node after <paramref name="cursor"/> of node <paramref name="like"/>'s operation and shapes.</summary>
    private static int NextLike(IReadOnlyList<NodeInfo> graph, int cursor, int like)
    {
        var model = graph[like];
        for (int k = cursor + 1; k < graph.Count; k++)
        {
            var n = graph[k];
            if (n.Op == model.Op && n.Input == model.Input && n.Output == model.Output) return k;
        }
        return -1;
    }

    /// <summary>The methods <paramref name="method"/>'s IL calls, in IL order.</summary>
    private static IEnumerable<MethodBase> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = s_opCodes[value];
            int operand = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType == OperandType.InlineMethod && (op == OpCodes.Call || op == OpCodes.Callvirt))
            {
                var callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                if (callee is not null) yield return callee;
            }
            i += operand;
        }
    }
}
