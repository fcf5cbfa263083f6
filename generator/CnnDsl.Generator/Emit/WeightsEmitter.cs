using System.Collections.Generic;
using System.Text;
using CnnDsl.Model;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Emits the nested <c>Weights</c> class: the network's parameter tensors (a <c>NetworkWeights</c> over the
/// generated <c>Graph</c> and <c>Tensors</c>) with one named property per tensor, e.g. <c>Conv1Weight</c>.
/// </summary>
internal static class WeightsEmitter
{
    // Members of NetworkWeights and object that a property must not hide, and the class's own name.
    private static readonly HashSet<string> Reserved = new()
    {
        "Weights", "Graph", "Tensors", "Contains", "Info", "Set", "InitializeRandom", "Item", "Values",
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
    };

    public static void Emit(IndentedWriter w, NetworkSpec spec, NetworkModel model)
    {
        w.Line("/// <summary>");
        w.Line("/// The parameter tensors of " + CSharpLiteral.Comment(spec.ClassName) + " in the canonical layout (convolutions OIHW), each named and");
        w.Line("/// shape-checked; pass it to the network's constructor, which packs them for inference.");
        w.Line("/// </summary>");
        w.Open("public sealed class Weights : global::CnnDsl.NetworkWeights");
        w.Line("/// <summary>Zero-filled tensors (batch-norm scales and variances 1); fill them by import, <c>Set</c> or <c>InitializeRandom</c>.</summary>");
        w.Line("public Weights() : base(" + spec.ClassName + ".Graph, " + spec.ClassName + ".Tensors) { }");
        var used = new HashSet<string>(Reserved);
        // The index of each tensor in Tensors, which lists them in this order (derived from Graph by ParameterLayout).
        int index = -1;
        foreach (var node in model.Nodes)
        {
            // A blank line per layer, not per tensor: a layer's tensors read as one group.
            bool first = true;
            foreach (var (name, shape) in ParameterTensors.For(node))
            {
                index++;
                string property = PropertyName(name);
                if (property.Length == 0 || !char.IsLetter(property[0]) || !used.Add(property)) continue;
                if (first) w.Line();
                first = false;
                w.Line("/// <summary><c>" + CSharpLiteral.Comment(name) + "</c> [" + string.Join(", ", shape) + "].</summary>");
                w.Line("public float[] " + property + " => Values(" + index + ");");
            }
        }
        w.Close();
    }

    /// <summary>PascalCase of the name's letter-and-digit runs: <c>inception3a.5x5.bn.running_mean</c> to <c>Inception3a5x5BnRunningMean</c>.</summary>
    internal static string PropertyName(string tensorName)
    {
        var builder = new StringBuilder(tensorName.Length);
        bool start = true;
        foreach (char c in tensorName)
        {
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                builder.Append(start ? char.ToUpperInvariant(c) : c);
                start = false;
            }
            else
            {
                start = true;
            }
        }
        return builder.ToString();
    }
}
