using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CnnDsl.Model;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Reading;

/// <summary>
/// Reads a <c>[Network]</c> or <c>[Block]</c> class into plain specs. Every layer attribute read gets a
/// <see cref="LayerSpec.SourceId"/>, the index of its <see cref="AttributeData"/> in <see cref="Sources"/>, so
/// that an analyzer can put an error on the exact attribute. Tolerates any broken source: attributes the compiler
/// could not bind are skipped (the compiler reports them), never thrown on.
/// </summary>
internal sealed partial class DefinitionReader
{
    private readonly List<AttributeData> _sources = new();
    private readonly Dictionary<INamedTypeSymbol, BlockSpec> _blocks = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> _reading = new(SymbolEqualityComparer.Default);
    private readonly CancellationToken _cancellationToken;

    public DefinitionReader(CancellationToken cancellationToken = default) => _cancellationToken = cancellationToken;

    /// <summary>The attribute behind each <see cref="LayerSpec.SourceId"/>.</summary>
    public IReadOnlyList<AttributeData> Sources => _sources;

    public NetworkSpec ReadNetwork(INamedTypeSymbol type)
    {
        string? input = null;
        long maxMultiplyAdds = 0, maxParameters = 0;
        var network = FindAttribute(type, AttributeNames.NetworkShort);
        if (network is not null)
        {
            foreach (var named in network.NamedArguments)
            {
                if (named.Key == "Input") input = named.Value.Value as string;
                if (named.Key == "MaxMultiplyAdds" && named.Value.Value is long macs) maxMultiplyAdds = macs;
                if (named.Key == "MaxParameters" && named.Value.Value is long parameters) maxParameters = parameters;
            }
        }

        var spec = new NetworkSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? string.Join(".", ns.ToDisplayString().Split('.').Select(CSharpNames.Identifier)) : null,
            ContainingTypeDeclarations(type),
            CSharpNames.Identifier(type.Name),
            IsPartial(type) && AllContainingTypesPartial(type),
            input,
            ReadLayers(type.GetAttributes()))
        {
            MaxMultiplyAdds = maxMultiplyAdds,
            MaxParameters = maxParameters,
        };
        return network is null ? spec : ApplyScaling(type, network, spec);
    }

    public BlockSpec ReadBlock(INamedTypeSymbol type)
    {
        if (_blocks.TryGetValue(type, out var cached)) return cached;
        _reading.Add(type);
        var block = FindAttribute(type, AttributeNames.BlockShort);
        var merge = MergeKind.Concat;
        var act = ActKind.None;
        if (block is not null)
        {
            foreach (var named in block.NamedArguments)
            {
                if (named.Key == "Merge" && named.Value.Value is int m) merge = (MergeKind)m;
                if (named.Key == "Act" && named.Value.Value is int a) act = (ActKind)a;
            }
        }

        var branches = new List<BranchSpec>();
        foreach (var member in type.GetMembers())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared || member is not (IFieldSymbol or IPropertySymbol or IMethodSymbol)) continue;
            var attributes = member.GetAttributes();
            bool identity = attributes.Any(a => IsOurs(a.AttributeClass) && a.AttributeClass!.Name == "IdentityAttribute");
            var layers = ReadLayers(attributes);
            if (layers.Count == 0 && !identity) continue;
            branches.Add(new BranchSpec(member.Name, layers, identity && layers.All(l => l.Kind == LayerKind.Identity)));
        }

        int sourceId = block is null ? -1 : Register(block);
        var spec = new BlockSpec(type.ToDisplayString(), merge, act, branches.ToEquatableArray(), sourceId);
        _reading.Remove(type);
        _blocks[type] = spec;
        return spec;
    }

    private EquatableArray<LayerSpec> ReadLayers(ImmutableArray<AttributeData> attributes)
    {
        var layers = new List<LayerSpec>();
        foreach (var attribute in attributes)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var layer = ReadLayer(attribute);
            if (layer is not null) layers.Add(layer);
        }
        return layers.ToEquatableArray();
    }

    private LayerSpec? ReadLayer(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (!IsOurs(type) || type!.TypeKind == TypeKind.Error) return null;
        var kind = type.Name switch
        {
            "ConvAttribute" => LayerKind.Conv,
            "DepthwiseConvAttribute" => LayerKind.DepthwiseConv,
            "MaxPoolAttribute" => LayerKind.MaxPool,
            "AvgPoolAttribute" => LayerKind.AvgPool,
            "GlobalAvgPoolAttribute" => LayerKind.GlobalAvgPool,
            "DenseAttribute" => LayerKind.Dense,
            "FlattenAttribute" => LayerKind.Flatten,
            "BatchNormAttribute" => LayerKind.BatchNorm,
            "DropoutAttribute" => LayerKind.Dropout,
            "ActivationAttribute" => LayerKind.Activation,
            "InceptionAttribute" => LayerKind.Inception,
            "DepthwiseSeparableAttribute" => LayerKind.DepthwiseSeparable,
            "InvertedResidualAttribute" => LayerKind.InvertedResidual,
            "UseAttribute" => LayerKind.Use,
            "IdentityAttribute" => LayerKind.Identity,
            "MBConvAttribute" => LayerKind.MBConv,
            "SqueezeExciteAttribute" => LayerKind.SqueezeExcite,
            _ => (LayerKind?)null,
        };
        if (kind is null) return null;

        var args = attribute.ConstructorArguments;
        var ctor = attribute.AttributeConstructor;
        // A call the compiler could not bind (wrong argument count or types) has no constructor: the compiler reports it.
        if (ctor is null && args.Length > 0) return null;
        if (ctor is not null && ctor.Parameters.Length != args.Length) return null;

        var spec = new LayerSpec(kind.Value, Register(attribute));
        switch (kind.Value)
        {
            case LayerKind.Conv: spec = spec with { Filters = Int(args, 0), Kernel = Int(args, 1) }; break;
            case LayerKind.DepthwiseConv: spec = spec with { Kernel = Int(args, 0) }; break;
            case LayerKind.MaxPool:
            case LayerKind.AvgPool: spec = spec with { Kernel = Int(args, 0), Stride = 0 }; break;
            case LayerKind.Dense: spec = spec with { Units = Int(args, 0) }; break;
            case LayerKind.Dropout: spec = spec with { Rate = args.Length > 0 && args[0].Value is double d ? d : 0 }; break;
            case LayerKind.Activation: spec = spec with { Act = (ActKind)Int(args, 0) }; break;
            case LayerKind.Inception: spec = spec with { Columns = Enumerable.Range(0, 6).Select(i => Int(args, i)).ToEquatableArray() }; break;
            case LayerKind.DepthwiseSeparable: spec = spec with { Filters = Int(args, 0), Kernel = 3, Act = ActKind.Relu }; break;
            case LayerKind.InvertedResidual: spec = spec with { Filters = Int(args, 0), Kernel = 3 }; break;
            case LayerKind.MBConv: spec = spec with { Filters = Int(args, 0), Kernel = 3, SqueezeExcite = 0.25 }; break;
            case LayerKind.SqueezeExcite: spec = spec with { SqueezeExcite = Double(args, 0), Act = ActKind.Swish }; break;
            case LayerKind.Use:
                var blockType = type.IsGenericType
                    ? type.TypeArguments.FirstOrDefault()
                    : args.Length > 0 ? args[0].Value as ITypeSymbol : null;
                spec = ReadUse(spec, blockType);
                break;
        }

        foreach (var named in attribute.NamedArguments)
        {
            var value = named.Value.Value;
            spec = named.Key switch
            {
                "Name" => spec with { Name = value as string },
                "Stride" when value is int i => spec with { Stride = i },
                "Padding" when value is int i => spec with { Padding = (PaddingKind)i },
                "Pad" when value is int i => spec with { Pad = i },
                "PadTop" when value is int i => spec with { PadTop = i },
                "PadLeft" when value is int i => spec with { PadLeft = i },
                "PadBottom" when value is int i => spec with { PadBottom = i },
                "PadRight" when value is int i => spec with { PadRight = i },
                "Act" when value is int i => spec with { Act = (ActKind)i },
                "Bias" when value is bool b => spec with { Bias = b },
                "BatchNorm" when value is bool b => spec with { BatchNorm = b },
                "Epsilon" when value is float f => spec with { Epsilon = f },
                "Expansion" when value is int i => spec with { Expansion = i },
                "Repeat" when value is int i => spec with { Repeat = i },
                "Kernel" when value is int i => spec with { Kernel = i },
                "SqueezeExcite" when value is double d => spec with { SqueezeExcite = d },
                _ => spec,
            };
        }
        return spec;
    }

    private LayerSpec ReadUse(LayerSpec spec, ITypeSymbol? usedType)
    {
        if (usedType is not INamedTypeSymbol blockType || blockType.TypeKind == TypeKind.Error)
            return spec with { Problem = UseProblem.NotABlock, BlockTypeName = usedType?.ToDisplayString() ?? "null" };
        spec = spec with { BlockTypeName = blockType.ToDisplayString() };
        if (FindAttribute(blockType, AttributeNames.BlockShort) is null) return spec with { Problem = UseProblem.NotABlock };
        if (_reading.Contains(blockType)) return spec with { Problem = UseProblem.Cycle };
        return spec with { Block = ReadBlock(blockType) };
    }

    private static double Double(ImmutableArray<TypedConstant> args, int index)
        => index < args.Length && args[index].Value is double value ? value : 0;

    private int Register(AttributeData attribute)
    {
        _sources.Add(attribute);
        return _sources.Count - 1;
    }

    private static int Int(ImmutableArray<TypedConstant> args, int index)
        => index < args.Length && args[index].Value is int value ? value : 0;

    internal static bool IsOurs(INamedTypeSymbol? type)
        => type is not null && type.ContainingNamespace is { Name: AttributeNames.Namespace, ContainingNamespace.IsGlobalNamespace: true };

    internal static AttributeData? FindAttribute(INamedTypeSymbol type, string shortName)
        => type.GetAttributes().FirstOrDefault(a => IsOurs(a.AttributeClass) && a.AttributeClass!.Name == shortName);

    private static bool IsPartial(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax declaration
                && declaration.Modifiers.Any(m => m.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword)))
                return true;
        }
        return false;
    }

    private static bool AllContainingTypesPartial(INamedTypeSymbol type)
    {
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            if (!IsPartial(containing)) return false;
        }
        return true;
    }

    /// <summary>"partial class Outer" etc. for each containing type, outermost first.</summary>
    private static EquatableArray<string> ContainingTypeDeclarations(INamedTypeSymbol type)
    {
        var declarations = new List<string>();
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            string keyword = containing.IsRecord
                ? (containing.TypeKind == TypeKind.Struct ? "record struct" : "record")
                : containing.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
            string typeParameters = containing.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", containing.TypeParameters.Select(t => CSharpNames.Identifier(t.Name))) + ">";
            declarations.Insert(0, "partial " + keyword + " " + CSharpNames.Identifier(containing.Name) + typeParameters);
        }
        return declarations.ToEquatableArray();
    }
}
