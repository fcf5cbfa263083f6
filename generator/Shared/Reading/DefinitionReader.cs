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
                if (named.Key == nameof(NetworkAttribute.Input)) input = named.Value.Value as string;
                if (named.Key == nameof(NetworkAttribute.MaxMultiplyAdds) && named.Value.Value is long macs) maxMultiplyAdds = macs;
                if (named.Key == nameof(NetworkAttribute.MaxParameters) && named.Value.Value is long parameters) maxParameters = parameters;
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
        if (network is null) return spec;
        return ApplyBackbone(type, network, spec) ?? ApplyScaling(type, network, spec);
    }

    public BlockSpec ReadBlock(INamedTypeSymbol type)
    {
        if (_blocks.TryGetValue(type, out var cached)) return cached;
        _reading.Add(type);
        var block = FindAttribute(type, AttributeNames.BlockShort);
        var merge = Merge.Concat;
        var act = Act.None;
        if (block is not null)
        {
            foreach (var named in block.NamedArguments)
            {
                if (named.Key == nameof(BlockAttribute.Merge) && named.Value.Value is int m) merge = (Merge)m;
                if (named.Key == nameof(BlockAttribute.Act) && named.Value.Value is int a) act = (Act)a;
            }
        }

        var branches = new List<BranchSpec>();
        foreach (var member in type.GetMembers())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared || member is not (IFieldSymbol or IPropertySymbol or IMethodSymbol)) continue;
            var attributes = member.GetAttributes();
            bool identity = attributes.Any(a => IsOurs(a.AttributeClass) && a.AttributeClass!.Name == nameof(IdentityAttribute));
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
        if (!Layers.Layers.ByAttributeName.TryGetValue(type.Name, out var definition)) return null;

        var args = attribute.ConstructorArguments;
        var ctor = attribute.AttributeConstructor;
        // A call the compiler could not bind (wrong argument count or types) has no constructor: the compiler reports it.
        if (ctor is null && args.Length > 0) return null;
        if (ctor is not null && ctor.Parameters.Length != args.Length) return null;
        var instance = AttributeInstance.Create(definition.AttributeType, args, attribute.NamedArguments);
        if (instance is null) return null;

        var common = (LayerAttribute)instance;
        var spec = definition.Read(new LayerSpec(definition.Kind, Register(attribute)) { Name = common.Name, Trainable = common.Trainable }, instance);
        if (definition.Kind == LayerKind.Use)
        {
            var blockType = type.IsGenericType
                ? type.TypeArguments.FirstOrDefault()
                : args.Length > 0 ? args[0].Value as ITypeSymbol : null;
            spec = ReadUse(spec, blockType);
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

    private int Register(AttributeData attribute)
    {
        _sources.Add(attribute);
        return _sources.Count - 1;
    }

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
