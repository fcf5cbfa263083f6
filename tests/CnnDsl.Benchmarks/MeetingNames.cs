using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace CnnDsl.Benchmarks;

/// <summary>
/// The layer behind each meeting of a two-thread run, for <c>--split-profile</c>'s table: read from the order of the
/// calls in the generated network's <c>Run&lt;TV, TO&gt;</c> (its IL), where every meeting is a call to <c>NextPart</c>
/// (the last part of the layer called before it), to <c>Meet</c> (after the layers run by thread 0 alone), or inside a
/// layer method that takes the worker (a bordered layer: its threads meet between the border and the layer). Meeting 0
/// is the run's start. A diagnostic only: names it cannot place stay empty.
/// </summary>
internal static class MeetingNames
{
    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Element k: the layer (method name, its node number dropped) ending at meeting k.</summary>
    public static IReadOnlyList<string> Of(Type network)
    {
        var names = new List<string> { "(run start)" };
        try
        {
            var run = network.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic)
                .FirstOrDefault(m => m.Name == "Run" && m.IsGenericMethodDefinition);
            byte[]? il = run?.GetMethodBody()?.GetILAsByteArray();
            if (run is null || il is null) return names;
            var pending = new List<string>();
            for (int at = 0; at < il.Length;)
            {
                short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
                if (!s_opCodes.TryGetValue(value, out var op)) break;
                at += op.Size;
                if (op.OperandType == OperandType.InlineMethod)
                {
                    var method = network.Module.ResolveMethod(BitConverter.ToInt32(il, at), network.GetGenericArguments(), run.GetGenericArguments());
                    // The layers' class is file-local (its name mangled around "Layer`2").
                    if (method?.DeclaringType?.Name.Contains("Layer", StringComparison.Ordinal) == true)
                    {
                        string name = Short(method.Name);
                        if (method.GetParameters().Any(p => p.ParameterType.Name == "SplitWorker")) names.Add(name + " (its border)");
                        pending.Add(name);
                    }
                    else if (method?.Name is "NextPart" or "Meet")
                    {
                        names.Add(string.Join(" + ", pending));
                        pending.Clear();
                    }
                }
                at += OperandSize(op.OperandType, il, at);
            }
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or InvalidOperationException)
        {
            // A diagnostic: a body it cannot read leaves the meetings unnamed.
        }
        return names;
    }

    /// <summary>Node7_inception3a_pool_proj -> inception3a_pool_proj (a shared method keeps its first node's name).</summary>
    private static string Short(string method)
    {
        int cut = method.IndexOf('_', StringComparison.Ordinal);
        return method.StartsWith("Node", StringComparison.Ordinal) && cut > 0 ? method[(cut + 1)..] : method;
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
