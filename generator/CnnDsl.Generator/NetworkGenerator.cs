using System;
using System.Collections.Immutable;
using System.Linq;
using CnnDsl.Generator.Emit;
using CnnDsl.Model;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.Generator;

/// <summary>
/// The pipeline: find <c>[Network]</c> classes, read them into plain specs, infer shapes and costs, emit the
/// partial class. Definitions with errors emit nothing; the analyzers report why, on the exact attribute.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (tested for caching).</summary>
    public static class Steps
    {
        public const string Spec = "NetworkSpec";
        public const string Model = "NetworkModel";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.Network,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, ct) => Read((INamedTypeSymbol)ctx.TargetSymbol, ctx.TargetNode, ct))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(Steps.Spec);

        var units = specs
            .Select(static (spec, ct) => new GenerationUnit(spec, NetworkBuilder.Build(spec, ct)))
            .WithTrackingName(Steps.Model);

        // Every network's hint name and identity: hint names compare case-insensitively, so Net and NET (or a
        // namespace A.B and a class B nested in A) must be told apart. Names change rarely, so this stays cached.
        var names = specs.Select(static (spec, _) => (Hint: HintName(spec), Key: Identity(spec))).Collect();

        context.RegisterSourceOutput(units.Combine(names), static (spc, pair) =>
        {
            var (unit, all) = pair;
            if (!unit.Spec.IsPartial || unit.Model.HasErrors) return;
            spc.AddSource(UniqueHintName(unit.Spec, all), NetworkEmitter.Emit(unit, spc.CancellationToken));
        });
    }

    /// <summary>
    /// The spec of the class, read once: [Network] on two partial declarations (the compiler's error) is read on the
    /// first only. The declaration checks are the analyzers' too, so whatever they reject is not generated.
    /// </summary>
    private static NetworkSpec? Read(INamedTypeSymbol type, SyntaxNode declaration, System.Threading.CancellationToken cancellationToken)
    {
        var first = DefinitionReader.FindAttribute(type, AttributeNames.NetworkShort)?.ApplicationSyntaxReference;
        if (first is not null && (first.SyntaxTree != declaration.SyntaxTree || first.GetSyntax(cancellationToken).FirstAncestorOrSelf<ClassDeclarationSyntax>()?.Span != declaration.Span)) return null;
        var reader = new DefinitionReader(cancellationToken);
        return DeclarationChecks.Apply(type, reader.ReadNetwork(type), reader, cancellationToken);
    }

    private static string HintName(NetworkSpec spec)
    {
        string containing = string.Concat(spec.ContainingTypes.Select(d => TypeName(d) + "."));
        string name = (spec.Namespace is null ? "" : spec.Namespace + ".") + containing + spec.ClassName;
        return name.Replace("@", "").Replace('<', '{').Replace('>', '}').Replace(", ", ",");
    }

    /// <summary>"partial record struct Outer&lt;T, U&gt;" to "Outer&lt;T, U&gt;".</summary>
    private static string TypeName(string declaration)
    {
        int generic = declaration.IndexOf('<');
        int space = declaration.LastIndexOf(' ', generic < 0 ? declaration.Length - 1 : generic);
        return declaration.Substring(space + 1);
    }

    /// <summary>Distinct for distinct classes, even where their hint names are equal.</summary>
    private static string Identity(NetworkSpec spec)
        => (spec.Namespace ?? "") + "|" + string.Join("|", spec.ContainingTypes) + "|" + spec.ClassName;

    /// <summary>The hint name, numbered (".2", ".3") after the first of the classes whose hint names differ only in case.</summary>
    private static string UniqueHintName(NetworkSpec spec, ImmutableArray<(string Hint, string Key)> all)
    {
        string hint = HintName(spec);
        var same = all.Where(n => string.Equals(n.Hint, hint, StringComparison.OrdinalIgnoreCase))
            .Select(n => n.Key).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();
        int index = same.IndexOf(Identity(spec));
        return (index <= 0 ? hint : hint + "." + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) + ".g.cs";
    }
}
