using System.Globalization;
using System.Linq;
using CnnDsl.Text;

namespace CnnDsl.Analyzers;

/// <summary>
/// CNN0106: a network that lowers to so many operations that the code generated for it slows every build (each
/// operation gets code of its own). Reported on the layer that contributes the most, usually a large Repeat.
/// </summary>
internal static class GeneratedSizeRule
{
    /// <summary>Operations beyond which builds slow down markedly (the largest zoo network, EfficientNet-B7, has about 450).</summary>
    public const int MaxOperations = 2_000;

    /// <summary>Generated C# per operation today, in bytes (the zoo's networks: 4 to 6 KB); a test compares it with the generator's output.</summary>
    public const int BytesPerOperation = 5_000;

    public static void Check(CostContext cost)
    {
        int operations = cost.Model.Nodes.Count - 1; // the input is not an operation
        if (operations <= MaxOperations) return;
        var largest = cost.Layers().OrderByDescending(l => l.Row.NodeCount).ThenBy(l => l.Row.Index).FirstOrDefault();
        if (largest.Attribute is null) return;
        cost.Report(Descriptors.GeneratedCodeTooLarge, largest.Attribute, largest.Layer.Repeat > 1 ? "Repeat" : null, null,
            cost.Type.ToDisplayString(), Count(operations), CostFormat.Short((long)operations * BytesPerOperation) + "B",
            Count(MaxOperations), largest.Row.Name, Count(largest.Row.NodeCount));
    }

    private static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
