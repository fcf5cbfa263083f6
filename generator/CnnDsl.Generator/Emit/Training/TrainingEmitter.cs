using System.Collections.Generic;
using System.Linq;
using System.Text;
using CnnDsl.Generator.Emit.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;
using CnnDsl.Model;
using CnnDsl.Text;
using CnnDsl.Training;

namespace CnnDsl.Generator.Emit.Training;

/// <summary>
/// Emits the nested <c>Training</c> class: the training memory plan made at compile time for the definition (which
/// activations each node keeps for backward, the slots buffers share, the bytes per image) as a table, and a thin
/// type that trains the network's <c>Weights</c> on it through the runtime trainer's kernels.
/// </summary>
internal static class TrainingEmitter
{
    public static void Emit(IndentedWriter w, NetworkSpec spec, NetworkModel model, IReadOnlyList<(TrainingLayerCode Layer, List<int> Nodes)> trainingLayers)
    {
        if (model.Nodes.Count < 2) return; // only the input: nothing to train (the trainer refuses such a graph too)
        var steps = TrainingSteps.For(model);
        var plan = TrainingPlanner.Plan(steps, inputGradient: false);
        long everything = new TrainingLifetimes(steps, inputGradient: false).Buffers.Sum(b => (long)b.Length) * sizeof(float);
        string bytes = CostFormat.Short(plan.BytesPerImage) + "B";
        w.Line("/// <summary>");
        w.Line("/// Trains " + CSharpLiteral.Comment(spec.ClassName) + "'s <see cref=\"Weights\"/> in place: <c>Step(images, labels)</c> runs forward, loss, backward and");
        w.Line("/// the optimizer update on a batch of NHWC images and returns the loss; <c>Evaluate</c> runs inference mode. Activations and");
        w.Line("/// gradients follow the plan made at compile time (<see cref=\"MemoryPlan\"/>): " + CSharpLiteral.Int(plan.BytesPerImage) + " bytes per image of batch");
        w.Line("/// (" + bytes + "), against " + CSharpLiteral.Int(everything) + " (" + CostFormat.Short(everything) + "B) if every buffer were kept apart.");
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line("/// What each node keeps from forward for backward (the rest share " + CSharpLiteral.Int(plan.SlotLengths.Count) + " slots with buffers that live at other times):");
        w.Line("/// <list type=\"bullet\">");
        // One item per kind of node, naming its nodes in graph order (their shapes are in Graph): a line per node was a
        // tenth of a large network's source.
        foreach (var kind in model.Nodes.GroupBy(node => Kept(plan.Nodes[node.Id])))
            WrappedItem(w, kind.Key + ": <c>", kind.Select(node => CSharpLiteral.Comment(node.Name)).ToList(), "</c>");
        w.Line("/// </list>");
        w.Line("/// </remarks>");
        w.Open("public sealed class Training : global::CnnDsl.Training.NetworkTraining<" + spec.ClassName + ".Weights>");
        w.Line("/// <summary>Bytes of activations and gradients per image of batch, planned at compile time for the definition's frozen layers (" + bytes + ").</summary>");
        w.Line("public const long BytesPerImage = " + CSharpLiteral.Long(plan.BytesPerImage) + ";");
        w.Line();
        w.Line("/// <summary>The compile-time memory plan; a trainer whose options freeze more or ask for the input gradient plans again.</summary>");
        w.Line("public static global::CnnDsl.Training.TrainingPlan MemoryPlan { get; } = global::CnnDsl.Training.TrainingPlan.FromTable(");
        w.Line("    " + IntArray(plan.SlotLengths) + ",");
        w.Line("    " + IntArray(plan.NodeTable()) + ",");
        w.Line("    false);");
        w.Line();
        bool layers = trainingLayers.Count > 0;
        w.Line("/// <summary>Trains <paramref name=\"weights\"/> in place with <paramref name=\"options\"/> (default: SGD, learning rate 0.01).</summary>");
        w.Line("public Training(" + spec.ClassName + ".Weights weights, global::CnnDsl.Training.TrainingOptions? options = null) : base(weights, options, MemoryPlan"
            + (layers ? ", " + LayerTable : "") + ") { }");
        w.Line();
        w.Line("/// <summary>Generated inference on the weights as trained so far (packed now: build another after more steps).</summary>");
        w.Line("public " + spec.ClassName + " ToNetwork() => new " + spec.ClassName + "(Weights);");
        w.Close();
        w.Line();
    }

    /// <summary>The layer class's method giving a node's generated training layer (the Training type passes it to the trainer).</summary>
    private const string LayerTable = LayerClass + "<float, " + Kernels + ".ScalarOps>.TrainingLayer";

    /// <summary>Each distinct generated training layer (its operation's emitter names it) and the nodes it serves, in graph order.</summary>
    public static List<(TrainingLayerCode Layer, List<int> Nodes)> Layers(NetworkModel model, InferencePlan inference)
    {
        var layers = new List<(TrainingLayerCode Layer, List<int> Nodes)>();
        var index = new Dictionary<TrainingLayerCode, int>();
        foreach (var node in model.Nodes)
        {
            var plan = inference.Nodes[node.Id];
            if (plan.Role != NodeRole.Compute || OperationEmitters.For(node.Op).TrainingLayer(node, plan, model.Nodes[plan.Method]) is not { } layer) continue;
            if (!index.TryGetValue(layer, out int at))
            {
                index.Add(layer, at = layers.Count);
                layers.Add((layer, new List<int>()));
            }
            layers[at].Nodes.Add(node.Id);
        }
        return layers;
    }

    /// <summary>
    /// The node-to-layer table in the layer class, where the shape structs it names are declared, and a factory per
    /// runtime layer type it uses (so that each entry reads <c>Type&lt;Shape&gt;()</c>). A network with no generated
    /// training layer has none.
    /// </summary>
    public static void EmitLayerTable(IndentedWriter w, IReadOnlyList<(TrainingLayerCode Layer, List<int> Nodes)> layers)
    {
        if (layers.Count == 0) return;
        w.Line();
        w.Line("/// <summary>The layers whose training forward (and input gradient) run the kernels above on their shapes, by node (<c>Training</c>'s table).</summary>");
        w.Line("public static global::CnnDsl.Training.TrainingLayer TrainingLayer(int node) => node switch");
        w.Line("{");
        foreach (var (layer, nodes) in layers)
            w.Line("    " + string.Join(" or ", nodes.Select(id => CSharpLiteral.Int(id))) + " => " + layer.Type + "<" + layer.Shape + ">(),");
        w.Line("    _ => null,");
        w.Line("};");
        foreach (var type in layers.Select(l => (l.Layer.Type, l.Layer.ShapeInterface)).Distinct().OrderBy(t => t.Type, System.StringComparer.Ordinal))
            w.Line("private static global::CnnDsl.Training.TrainingLayer " + type.Type + "<TShape>() where TShape : struct, " + type.ShapeInterface
                + " => new global::CnnDsl.Training." + type.Type + "<TShape>();");
        // Shapes for training alone (no layer method has them), one per distinct geometry, in the table's order.
        foreach (var layer in layers.Select(l => l.Layer).Where(l => l.Declaration is not null).GroupBy(l => l.Shape).Select(g => g.First()))
        {
            w.Line();
            w.Line("/// <summary>" + layer.Summary + "</summary>");
            w.Open("internal readonly struct " + layer.Shape + " : " + layer.ShapeInterface);
            foreach (string line in layer.Declaration!.Split('\n')) w.Line(line);
            w.Close();
        }
    }

    private static string Kept(TrainingBuffers node)
    {
        var kept = new List<string>();
        if ((node.Kept & KeptValues.Core) != 0) kept.Add("pre-norm");
        if ((node.Kept & KeptValues.Normalized) != 0) kept.Add("pre-activation");
        if ((node.Kept & KeptValues.Output) != 0) kept.Add("output");
        string text = kept.Count == 0 ? "keeps nothing" : "keeps " + string.Join(", ", kept);
        return node.Gradient < 0 ? text + " (no gradient reaches it)" : text;
    }

    /// <summary>A doc-comment list item of <paramref name="names"/> after <paramref name="head"/>, over lines of about 120 characters.</summary>
    private static void WrappedItem(IndentedWriter w, string head, IReadOnlyList<string> names, string tail)
    {
        var line = new StringBuilder("/// <item>").Append(head);
        for (int k = 0; k < names.Count; k++)
        {
            string name = names[k] + (k < names.Count - 1 ? "," : tail + "</item>");
            if (k > 0 && line.Length + 1 + name.Length > 120)
            {
                w.Line(line.ToString());
                line.Clear().Append("///");
            }
            line.Append(k > 0 ? " " : "").Append(name);
        }
        w.Line(line.ToString());
    }

    private static string IntArray(IEnumerable<int> values) => "new int[] { " + string.Join(", ", values.Select(v => CSharpLiteral.Int(v))) + " }";
}
