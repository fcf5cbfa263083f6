using System.Collections.Generic;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Reading;

/// <summary>
/// Transfer learning: a network <c>From</c> a backbone takes the backbone's input and layers (the builder cuts them
/// after <c>Through</c> and freezes those before <c>TrainFrom</c>), then its own layers. The backbone is read as a
/// network of its own, so it may itself be scaled or start from another.
/// </summary>
internal sealed partial class DefinitionReader
{
    private readonly HashSet<INamedTypeSymbol> _readingNetworks = new(SymbolEqualityComparer.Default);

    /// <summary>The spec with its backbone's layers in front, or null when the network has no <c>From</c>.</summary>
    private NetworkSpec? ApplyBackbone(INamedTypeSymbol type, AttributeData network, NetworkSpec spec)
    {
        bool hasFrom = false, hasBasedOn = false, hasInput = false;
        ITypeSymbol? from = null;
        string? through = null, trainFrom = null;
        int resolution = 0;
        foreach (var named in network.NamedArguments)
        {
            switch (named.Key)
            {
                case nameof(NetworkAttribute.From): hasFrom = true; from = named.Value.Value as ITypeSymbol; break;
                case nameof(NetworkAttribute.Through): through = named.Value.Value as string; break;
                case nameof(NetworkAttribute.TrainFrom): trainFrom = named.Value.Value as string; break;
                case nameof(NetworkAttribute.BasedOn): hasBasedOn = true; break;
                case nameof(NetworkAttribute.Input): hasInput = true; break;
                case nameof(NetworkAttribute.Resolution) when named.Value.Value is int r: resolution = r; break;
            }
        }
        if (!hasFrom) return null;

        string name = type.ToDisplayString();
        string baseName = from?.ToDisplayString() ?? "null";
        var problems = new List<ModelError>(spec.Problems);
        if (hasBasedOn) problems.Add(Problem(nameof(NetworkAttribute.BasedOn), name, baseName, "BasedOn scales a whole network and From starts from part of one: use one of them"));
        if (hasInput) problems.Add(Problem(nameof(NetworkAttribute.Input), name, baseName, "the input is the backbone's (Resolution changes its height and width)"));
        if (resolution < 0) problems.Add(Problem(nameof(NetworkAttribute.Resolution), name, baseName, "Resolution must be positive"));

        var failed = spec with
        {
            InputText = null, Layers = EquatableArray<LayerSpec>.Empty, BaseTypeName = baseName,
            BaseArgument = nameof(NetworkAttribute.From),
        };
        if (from is not INamedTypeSymbol backbone || backbone.TypeKind == TypeKind.Error || FindAttribute(backbone, AttributeNames.NetworkShort) is null)
        {
            problems.Add(Problem(nameof(NetworkAttribute.From), name, baseName, "it is not a [Network] class"));
            return failed with { Problems = problems.ToEquatableArray() };
        }
        _readingNetworks.Add(type);
        if (_readingNetworks.Contains(backbone))
        {
            problems.Add(Problem(nameof(NetworkAttribute.From), name, baseName, "it starts from '" + name + "' itself, a cycle"));
            _readingNetworks.Remove(type);
            return failed with { Problems = problems.ToEquatableArray() };
        }
        var backboneSpec = ReadNetwork(backbone);
        _readingNetworks.Remove(type);

        // A convolutional backbone runs at any resolution: Resolution replaces the input's height and width.
        string? input = backboneSpec.InputText;
        if (resolution > 0 && Shape.TryParse(input, out var shape)) input = new Shape(resolution, resolution, shape.Channels).ToString();

        var layers = new List<LayerSpec>(backboneSpec.Layers);
        layers.AddRange(spec.Layers);
        return spec with
        {
            InputText = input,
            Layers = layers.ToEquatableArray(),
            BackboneLayers = backboneSpec.Layers.Count,
            Through = through,
            TrainFrom = trainFrom,
            BaseTypeName = baseName,
            BaseArgument = nameof(NetworkAttribute.From),
            // The backbone's own problems are reported on the backbone; here they are errors inherited through From.
            Problems = Concat(problems, backboneSpec.Problems),
        };
    }

    private static EquatableArray<ModelError> Concat(List<ModelError> own, EquatableArray<ModelError> inherited)
    {
        var all = new List<ModelError>(own);
        all.AddRange(inherited);
        return all.ToEquatableArray();
    }

    private static ModelError Problem(string argument, string network, string backbone, string reason)
        => new(DiagnosticIds.BackboneProblem, NetworkBuilder.NetworkAttributeSourceId, argument, new[] { network, backbone, reason }.ToEquatableArray());
}
