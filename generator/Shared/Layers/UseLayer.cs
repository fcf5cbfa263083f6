using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Layers;

/// <summary>
/// <c>[Use(typeof(B))]</c> / <c>[Use&lt;B&gt;]</c>: applies a <c>[Block]</c> (branches that read the same input,
/// merged by concatenation or addition), <c>Repeat</c> times. The reader supplies the block itself.
/// </summary>
internal sealed class UseLayer : LayerDefinition<UseAttribute>
{
    public override LayerKind Kind => LayerKind.Use;

    public override string Prefix(LayerSpec layer) => ShortTypeName(layer.BlockTypeName ?? "block").ToLowerInvariant();

    public override string KindName(LayerSpec layer) => "Use<" + ShortTypeName(layer.BlockTypeName ?? "?") + ">";

    protected override LayerSpec Read(LayerSpec spec, UseAttribute a) => spec with { Repeat = a.Repeat };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Positive(nameof(UseAttribute.Repeat), layer.Repeat);
        if (layer.Problem == UseProblem.NotABlock)
        {
            check.Add(DiagnosticIds.NotABlock, "block", layer.BlockTypeName ?? "?");
        }
        else if (layer.Problem == UseProblem.Cycle)
        {
            check.Add(DiagnosticIds.BlockCycle, "block", layer.BlockTypeName ?? "?");
        }
        else if (layer.Block is { } block)
        {
            if (block.Branches.Count == 0) check.Add(DiagnosticIds.EmptyBlock, "block", block.TypeName);
            SpecValidator.ValidateBlock(block, check.Errors, check.OuterSourceId < 0 ? layer.SourceId : check.OuterSourceId);
        }
    }

    public override int Lower(NetworkBuilder b, LayerSpec layer, int input, string name)
    {
        if (layer.Block is not { } block) return -1;
        int current = input;
        // Messages name the block's layers as written; a block used inside a block says where, first.
        string enclosing = b.Display(name);
        string use = (enclosing == name ? "" : enclosing + ": ") + ShortTypeName(block.TypeName) + " (" + NetworkBuilder.Ordinal(b.NextUse(block.TypeName)) + " use";
        for (int r = 0; r < layer.Repeat; r++)
        {
            b.CancellationToken.ThrowIfCancellationRequested();
            if (b.TooManyNodes(layer, name)) return -1;
            string prefix = layer.Repeat == 1 ? name : name + "." + (r + 1).ToString(CultureInfo.InvariantCulture);
            string useText = use + (layer.Repeat == 1 ? ")" : ", repeat " + (r + 1).ToString(CultureInfo.InvariantCulture) + ")");
            b.DisplayAs(prefix, useText);
            b.DisplayAs(prefix + (block.Merge == Merge.Add ? ".add" : ".concat"), useText); // the merge is the use itself
            var outputs = new int[block.Branches.Count];
            var labels = new string[block.Branches.Count];
            for (int i = 0; i < block.Branches.Count; i++)
            {
                var branch = block.Branches[i];
                labels[i] = branch.MemberName;
                int x = current;
                var counters = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int k = 0; k < branch.Layers.Count; k++)
                {
                    var inner = branch.Layers[k];
                    string innerName = prefix + "." + branch.MemberName + "." + (inner.Name ?? NetworkBuilder.NextLocal(counters, Layers.For(inner.Kind).Prefix(inner)));
                    b.DisplayAs(innerName, useText + " branch '" + branch.MemberName + "', layer " + (k + 1).ToString(CultureInfo.InvariantCulture) + " "
                        + Layers.For(inner.Kind).KindName(inner) + (inner.Name is null ? "" : " '" + inner.Name + "'"));
                    x = b.Apply(inner, x, innerName);
                    if (x < 0) return -1;
                }
                outputs[i] = x;
            }
            if (outputs.Length == 1)
            {
                current = block.Act == Act.None
                    ? outputs[0]
                    : b.Add(new ActivationOperation(block.Act), prefix + ".act", outputs[0], b.OutputOf(outputs[0]));
                continue;
            }
            current = block.Merge == Merge.Add
                ? b.Sum(layer, prefix + ".add", outputs, labels, block.Act)
                : b.Concat(layer, prefix + ".concat", outputs, labels, block.Act);
            if (current < 0) return -1;
        }
        return current;
    }

    public override string Describe(LayerSpec layer) => layer.Repeat == 1 ? "" : "x" + Num(layer.Repeat);

    public override LayerSpec Scale(LayerSpec layer, LayerScaling scaling)
    {
        if (layer.Block is not { } block) return layer;
        // Inside a block every filter count scales (a block has no classifier); the Use's own Repeat does not.
        var branches = block.Branches.Select(branch => branch with
        {
            Layers = branch.Layers.Select(inner => Layers.For(inner.Kind).Scale(inner, scaling.Inner)).ToEquatableArray(),
        });
        return layer with { Block = block with { Branches = branches.ToEquatableArray() } };
    }

    private static string ShortTypeName(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot >= 0 ? typeName.Substring(dot + 1) : typeName;
    }
}
