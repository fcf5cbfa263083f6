using System.Collections.Generic;
using System.Linq;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Reading;

/// <summary>
/// Scaled variants: a network <c>BasedOn</c> another takes the root's input and layers, scaled once by the products
/// of the factors along the chain (so rounding happens once, against the root). The resolution is the root's, then
/// each level from the root down replaces it (Resolution) or multiplies it (Phi), rounded at the end. A budget-driven
/// level in the chain counts as the coefficient its budget chose, so a variant of it scales what it generates.
/// </summary>
internal sealed partial class DefinitionReader
{
    private NetworkSpec ApplyScaling(INamedTypeSymbol type, AttributeData network, NetworkSpec spec)
    {
        var own = ScalingArguments.Read(network);
        var problems = new List<ModelError>();
        own.Validate(problems);
        if (!own.HasBase)
        {
            if (!own.HasFactors) return spec.Problems.Count == 0 && problems.Count == 0 ? spec : spec with { Problems = problems.ToEquatableArray() };
            return Scale(spec with { Problems = problems.ToEquatableArray() }, spec.InputText, spec.Layers, new[] { own });
        }

        foreach (var layer in spec.Layers)
        {
            problems.Add(new ModelError(DiagnosticIds.VariantDeclaresLayers, layer.SourceId, null,
                new[] { type.ToDisplayString(), own.Base?.ToDisplayString() ?? "null" }.ToEquatableArray()));
        }

        // Walk to the root: levels[0] is this network, the last one the root.
        var levels = new List<ScalingArguments> { own };
        var chain = new List<INamedTypeSymbol> { type };
        var visited = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default) { type };
        var current = own;
        INamedTypeSymbol root = type;
        while (current.HasBase)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var baseType = current.Base as INamedTypeSymbol;
            var baseNetwork = baseType is null || baseType.TypeKind == TypeKind.Error ? null : FindAttribute(baseType, AttributeNames.NetworkShort);
            if (baseType is null || baseNetwork is null)
            {
                problems.Add(BasedOnProblem(DiagnosticIds.BaseNotANetwork, current.Base?.ToDisplayString() ?? "null", chain[chain.Count - 1].ToDisplayString()));
                return spec with { Layers = EquatableArray<LayerSpec>.Empty, Problems = problems.ToEquatableArray(), BaseTypeName = own.Base?.ToDisplayString() ?? "null" };
            }
            if (!visited.Add(baseType))
            {
                string loop = string.Join(" -> ", chain.Select(t => t.Name)) + " -> " + baseType.Name;
                problems.Add(BasedOnProblem(DiagnosticIds.BasedOnCycle, type.ToDisplayString(), loop));
                return spec with { Layers = EquatableArray<LayerSpec>.Empty, Problems = problems.ToEquatableArray(), BaseTypeName = own.Base?.ToDisplayString() ?? "null" };
            }
            current = ScalingArguments.Read(baseNetwork);
            // A base's own invalid arguments are reported on the base; here they count as not written.
            current.Validate(new List<ModelError>());
            levels.Add(current);
            chain.Add(baseType);
            root = baseType;
        }

        // A budget-driven base (a MaxMultiplyAdds and no factors) is the variant its budget chose: read it on its own
        // (its chain is the rest of this one, already free of loops) and scale by the coefficient it took.
        for (int i = 1; i < levels.Count; i++)
        {
            if (levels[i].HasFactors || !levels[i].HasBase || !HasBudget(chain[i])) continue;
            if (new DefinitionReader(_cancellationToken).ReadNetwork(chain[i]).Budget is { } chosen) levels[i] = ScalingArguments.ForPhi(chosen.Phi);
        }

        var rootNetwork = FindAttribute(root, AttributeNames.NetworkShort)!;
        string? rootInput = null;
        foreach (var named in rootNetwork.NamedArguments)
        {
            if (named.Key == nameof(NetworkAttribute.Input)) rootInput = named.Value.Value as string;
        }
        levels.Reverse();
        var rootLayers = ReadLayers(root.GetAttributes());
        // A budget without factors asks for the largest compound scaling that fits it.
        BudgetScaling? budget = null;
        if (!own.HasFactors && spec.MaxMultiplyAdds > 0 && spec.Layers.Count == 0)
        {
            budget = FitBudget(spec, rootInput, rootLayers, levels, spec.MaxMultiplyAdds);
            if (budget is not null) levels[levels.Count - 1] = ScalingArguments.ForPhi(budget.Phi);
        }
        var scaled = Scale(spec, rootInput, rootLayers, levels);
        return scaled with { Problems = problems.ToEquatableArray(), BaseTypeName = own.Base!.ToDisplayString(), Budget = budget };
    }

    /// <summary>Applies <paramref name="levels"/> (root first) to the root's input and layers.</summary>
    private static NetworkSpec Scale(NetworkSpec spec, string? input, EquatableArray<LayerSpec> layers, IReadOnlyList<ScalingArguments> levels)
    {
        double width = 1, depth = 1;
        bool scalesWidth = false;
        foreach (var level in levels)
        {
            width *= level.WidthFactor;
            depth *= level.DepthFactor;
            scalesWidth |= level.ScalesWidth;
        }

        if (Shape.TryParse(input, out var shape))
        {
            double height = shape.Height, across = shape.Width;
            bool changed = false;
            foreach (var level in levels)
            {
                if (level.Resolution is { } r) { height = across = r; changed = true; }
                else if (level.Phi is { } phi) { height *= CompoundScaling.ResolutionFactor(phi); across *= CompoundScaling.ResolutionFactor(phi); changed = true; }
            }
            if (changed) input = new Shape(CompoundScaling.RoundResolution(height), CompoundScaling.RoundResolution(across), shape.Channels).ToString();
        }

        return spec with { InputText = input, Layers = CompoundScaling.Scale(layers, width, scalesWidth, depth) };
    }

    private static bool HasBudget(INamedTypeSymbol type)
        => FindAttribute(type, AttributeNames.NetworkShort) is { } network
            && network.NamedArguments.Any(named => named.Key == nameof(NetworkAttribute.MaxMultiplyAdds) && named.Value.Value is long macs && macs > 0);

    private static ModelError BasedOnProblem(string id, params string[] args)
        => new(id, NetworkBuilder.NetworkAttributeSourceId, "BasedOn", args.ToEquatableArray());
}
