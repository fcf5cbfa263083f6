using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Analyzers;

/// <summary>
/// CNN0106: a network that lowers to so many operations that the code generated for it slows every build. Layers of
/// the same geometry share one generated method, but each operation still gets its own rows (its graph row, weight
/// properties, packing, its call), so the estimate counts both. Reported on the layer that contributes the most
/// operations, usually a large Repeat.
/// </summary>
internal static class GeneratedSizeRule
{
    /// <summary>Operations beyond which builds slow down markedly (the largest zoo network, EfficientNet-B7, has about 450).</summary>
    public const int MaxOperations = 2_000;

    /// <summary>
    /// Generated C# per operation outside the layer methods, in bytes: its call in Run, its Weights properties and
    /// packing, its Graph row and its entry in the training plan (about 0.5 KB in the EfficientNets, more in networks
    /// whose convolutions carry batch norms, up to 2 KB in small networks where the class's fixed members count); a test
    /// compares the estimate with the generator's output.
    /// </summary>
    public const int BytesPerOperation = 550;

    /// <summary>
    /// Generated C# per distinct layer method with its helpers, in bytes: a convolution or depthwise convolution is its
    /// opening comment, its shape struct and one call of the runtime kernel, about 1.8 KB, other operations less; with
    /// 550 bytes per operation this puts the zoo's networks within a factor of 1.7 of their generated size
    /// (EfficientNet-B7 339 KB, 385 KB estimated; MobileNet V2 98 KB, 93 KB estimated; ResNet-50, its batch norms'
    /// tensors, 152 KB, 94 KB).
    /// </summary>
    public const int BytesPerMethod = 1_800;

    public static void Check(CostContext cost)
    {
        if (!cost.IsShown(Descriptors.GeneratedCodeTooLarge)) return;
        int operations = cost.Model.Nodes.Count - 1; // the input is not an operation
        if (operations <= MaxOperations) return;
        var largest = cost.Layers().OrderByDescending(l => l.Row.NodeCount).ThenBy(l => l.Row.Index).FirstOrDefault();
        if (largest.Attribute is null) return;
        int methods = DistinctMethods(InferencePlanner.Plan(cost.Model));
        cost.Report(Descriptors.GeneratedCodeTooLarge, largest.Attribute, largest.Layer.Repeat > 1 ? "Repeat" : null, null,
            cost.Type.ToDisplayString(), Count(operations), Count(methods), CostFormat.Short(EstimatedBytes(operations, methods)) + "B",
            Count(MaxOperations), largest.Row.Name, Count(largest.Row.NodeCount));
    }

    /// <summary>The estimate of the generated source: every operation's own rows plus one method per distinct layer.</summary>
    public static long EstimatedBytes(int operations, int methods) => (long)operations * BytesPerOperation + (long)methods * BytesPerMethod;

    /// <summary>Layer methods the generator writes for the plan: one per geometry.</summary>
    public static int DistinctMethods(InferencePlan plan)
    {
        var methods = new HashSet<int>();
        foreach (var node in plan.Nodes)
            if (node.Role == NodeRole.Compute) methods.Add(node.Method);
        return methods.Count;
    }

    private static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
