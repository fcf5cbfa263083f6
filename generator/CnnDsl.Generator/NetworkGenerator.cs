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
                transform: static (ctx, ct) => new DefinitionReader(ct).ReadNetwork((INamedTypeSymbol)ctx.TargetSymbol))
            .WithTrackingName(Steps.Spec);

        var units = specs
            .Select(static (spec, ct) => new GenerationUnit(spec, NetworkBuilder.Build(spec, ct)))
            .WithTrackingName(Steps.Model);

        context.RegisterSourceOutput(units, static (spc, unit) =>
        {
            if (!unit.Spec.IsPartial || unit.Model.HasErrors) return;
            spc.AddSource(HintName(unit.Spec), NetworkEmitter.Emit(unit, spc.CancellationToken));
        });
    }

    private static string HintName(NetworkSpec spec)
    {
        string containing = spec.ContainingTypes.Count == 0 ? "" : string.Join(".", System.Linq.Enumerable.Select(spec.ContainingTypes, d => d.Substring(d.LastIndexOf(' ') + 1))) + ".";
        string name = (spec.Namespace is null ? "" : spec.Namespace + ".") + containing + spec.ClassName;
        return name.Replace('<', '{').Replace('>', '}').Replace(", ", ",") + ".g.cs";
    }
}
