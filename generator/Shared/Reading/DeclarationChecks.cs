using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.Reading;

/// <summary>
/// What the class declaration must allow before anything is generated into it: a class the generated file can
/// complete (not static, generic, file-local or a record), no member named like a generated one, layers on a single
/// partial declaration (their order would otherwise follow file order) and layer names that are unique (they key the
/// weight tensors). The generator and the analyzers apply the same checks, so a problem is a CNN diagnostic on the
/// spot, never generated code that does not compile.
/// </summary>
internal static class DeclarationChecks
{
    /// <summary>The spec with the declaration's problems added to <see cref="NetworkSpec.Problems"/>.</summary>
    public static NetworkSpec Apply(INamedTypeSymbol type, NetworkSpec spec, DefinitionReader reader, CancellationToken cancellationToken)
    {
        var problems = new List<ModelError>();
        ClassKind(type, problems);
        MemberNames(type, problems);
        LayerDeclarations(type, reader, problems, cancellationToken);
        DuplicateNames(spec.Layers, -1, problems);
        return problems.Count == 0 ? spec : spec with { Problems = spec.Problems.Concat(problems).ToEquatableArray() };
    }

    /// <summary>Duplicate layer names within each branch of a block (and the blocks it uses).</summary>
    public static void DuplicateNames(BlockSpec block, List<ModelError> problems)
    {
        foreach (var branch in block.Branches) DuplicateNames(branch.Layers, -1, problems);
    }

    private static void ClassKind(INamedTypeSymbol type, List<ModelError> problems)
    {
        string? reason = type.IsStatic ? "it is static, and a network is created with new"
            : type.TypeParameters.Length > 0 ? "it is generic, and networks cannot be"
            : type.IsFileLocal ? "it is file-local, so the generated file cannot add to it"
            : type.IsRecord ? "it is a record, and networks are classes"
            : null;
        if (reason is not null) problems.Add(OnNetwork(DiagnosticIds.UnsupportedNetworkClass, type.ToDisplayString(), reason));
    }

    private static void MemberNames(INamedTypeSymbol type, List<ModelError> problems)
    {
        if (GeneratedMembers.IsGenerated(type.Name))
            problems.Add(OnNetwork(DiagnosticIds.GeneratedMemberConflict, type.ToDisplayString(), "is itself named", type.Name));
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !GeneratedMembers.IsGenerated(member.Name)) continue;
            if (!member.DeclaringSyntaxReferences.Any(r => !IsGeneratedHere(r.SyntaxTree))) continue;
            if (reported.Add(member.Name))
                problems.Add(OnNetwork(DiagnosticIds.GeneratedMemberConflict, type.ToDisplayString(), "declares a member named", member.Name));
        }
    }

    /// <summary>The generator's own output (present when the analyzers run): its members are not the user's.</summary>
    private static bool IsGeneratedHere(SyntaxTree tree)
        => tree.FilePath.Replace('\\', '/').Contains("/CnnDsl.Generator.NetworkGenerator/");

    private static void LayerDeclarations(INamedTypeSymbol type, DefinitionReader reader, List<ModelError> problems, CancellationToken cancellationToken)
    {
        if (type.DeclaringSyntaxReferences.Length < 2) return;
        SyntaxNode? first = null;
        foreach (var attribute in type.GetAttributes())
        {
            int sourceId = IndexOf(reader.Sources, attribute);
            if (sourceId < 0) continue;
            var owner = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (owner is null) continue;
            first ??= owner;
            if (owner == first) continue;
            problems.Add(new ModelError(DiagnosticIds.LayersOnSeveralDeclarations, sourceId, null, new[] { type.ToDisplayString() }.ToEquatableArray()));
            return;
        }
    }

    /// <summary>
    /// A given name used twice, or equal to the automatic name of another layer (conv2 for the second unnamed Conv),
    /// would be renamed silently (to a_2), and the weight tensors with it.
    /// </summary>
    private static void DuplicateNames(EquatableArray<LayerSpec> layers, int outerSourceId, List<ModelError> problems)
    {
        var automatic = new HashSet<string>(StringComparer.Ordinal);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (layer.Name is not null) continue;
            string prefix = Layers.Layers.For(layer.Kind).Prefix(layer);
            counters.TryGetValue(prefix, out int count);
            counters[prefix] = ++count;
            automatic.Add(prefix + count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (layer.Name is { } name && (!given.Add(name) || automatic.Contains(name)))
                problems.Add(new ModelError(DiagnosticIds.DuplicateLayerName, layer.SourceId, "Name", new[] { name }.ToEquatableArray()) { OuterSourceId = outerSourceId });
            if (layer.Block is not { } block) continue;
            foreach (var branch in block.Branches) DuplicateNames(branch.Layers, outerSourceId < 0 ? layer.SourceId : outerSourceId, problems);
        }
    }

    private static int IndexOf(IReadOnlyList<AttributeData> sources, AttributeData attribute)
    {
        for (int i = 0; i < sources.Count; i++)
        {
            if (ReferenceEquals(sources[i], attribute)) return i;
        }
        return -1;
    }

    private static ModelError OnNetwork(string id, params string[] args)
        => new(id, NetworkBuilder.NetworkAttributeSourceId, null, args.ToEquatableArray());
}
