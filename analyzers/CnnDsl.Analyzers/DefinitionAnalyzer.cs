using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Analyzers;

/// <summary>
/// Reports definitions that cannot work (CNN00xx) on the exact attribute argument, from the same shared
/// shape-and-cost model the generator uses. Networks get every error; blocks on their own get the errors that do
/// not depend on the shape they receive (those are reported where a network uses them).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefinitionAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> ReportedAtUseSite = new()
    {
        DiagnosticIds.KernelLargerThanInput, DiagnosticIds.OutputCollapses, DiagnosticIds.ConcatSpatialMismatch,
        DiagnosticIds.AddShapeMismatch, DiagnosticIds.TooLarge, DiagnosticIds.BlockCycle,
    };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.MalformedInput, Descriptors.NotPartial, Descriptors.NonPositiveArgument, Descriptors.KernelLargerThanInput,
        Descriptors.OutputCollapses, Descriptors.ConcatSpatialMismatch, Descriptors.AddShapeMismatch, Descriptors.NotABlock,
        Descriptors.BlockCycle, Descriptors.InvalidArgument, Descriptors.EmptyBlock, Descriptors.NegativePad, Descriptors.TooLarge, Descriptors.UsedBlockHasErrors,
        Descriptors.IncompletePads,
        Descriptors.BaseNotANetwork, Descriptors.ScaleNotPositive, Descriptors.BasedOnCycle, Descriptors.VariantDeclaresLayers,
        Descriptors.ScalingConflict, Descriptors.BaseHasErrors,
        Descriptors.UnsupportedNetworkClass, Descriptors.GeneratedMemberConflict, Descriptors.LayersOnSeveralDeclarations, Descriptors.DuplicateLayerName,
        Descriptors.BackboneProblem, Descriptors.BackboneHasErrors, Descriptors.NotABackboneLayer);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var network = DefinitionReader.FindAttribute(type, AttributeNames.NetworkShort);
        if (network is not null)
        {
            AnalyzeNetwork(context, type, network);
            return;
        }
        if (DefinitionReader.FindAttribute(type, AttributeNames.BlockShort) is not null) AnalyzeBlock(context, type);
    }

    private static void AnalyzeNetwork(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData networkAttribute)
    {
        var (reader, spec, model) = NetworkModels.Get(context.Compilation, type, context.CancellationToken);
        if (!spec.IsPartial)
        {
            var location = type.Locations.FirstOrDefault() ?? Location.None;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.NotPartial, location, type.ToDisplayString()));
        }

        var errors = spec.BaseTypeName is null ? model.Errors : InheritedErrors.AtBase(model.Errors, reader, type, spec, ReportedAtUseSite, context.CancellationToken);
        Report(context, reader, errors, networkAttribute);
    }

    private static void AnalyzeBlock(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        var reader = new DefinitionReader(context.CancellationToken);
        var block = reader.ReadBlock(type);
        var errors = new List<ModelError>();
        if (block.Branches.Count == 0)
            errors.Add(new ModelError(DiagnosticIds.EmptyBlock, block.SourceId, null, new[] { block.TypeName }.ToEquatableArray()));
        SpecValidator.ValidateBlock(block, errors);
        DeclarationChecks.DuplicateNames(block, errors);
        Report(context, reader, errors, null);
    }

    private static void Report(SymbolAnalysisContext context, DefinitionReader reader, IEnumerable<ModelError> errors, AttributeData? networkAttribute)
    {
        var reported = new HashSet<(string, int, string?)>();
        var inheritedByUse = new Dictionary<int, List<ModelError>>();
        foreach (var error in errors)
        {
            var descriptor = Descriptors.ForId(error.Id);
            if (descriptor is null) continue;

            int sourceId = error.SourceId;
            string? argument = error.Argument;
            if (error.OuterSourceId >= 0)
            {
                // Inside a used block: shape errors belong to this use; the block's own analysis reports argument
                // errors on its attributes, and this use gets one error pointing there.
                if (!ReportedAtUseSite.Contains(error.Id))
                {
                    if (!inheritedByUse.TryGetValue(error.OuterSourceId, out var list)) inheritedByUse[error.OuterSourceId] = list = new List<ModelError>();
                    list.Add(error);
                    continue;
                }
                sourceId = error.OuterSourceId;
                argument = null;
            }

            var attribute = sourceId == NetworkBuilder.NetworkAttributeSourceId ? networkAttribute
                : sourceId >= 0 && sourceId < reader.Sources.Count ? reader.Sources[sourceId] : null;
            // An argument the compiler could not bind is its error alone: what CnnDsl read in its place is noise.
            if (attribute is null || BrokenAttribute.Is(attribute, context.CancellationToken)) continue;
            if (!reported.Add((error.Id, sourceId, argument))) continue;

            var location = AttributeLocator.Locate(attribute, argument, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(descriptor, location, error.Args.Cast<object>().ToArray()));
        }

        foreach (var pair in inheritedByUse)
        {
            if (pair.Key >= reader.Sources.Count) continue;
            var use = reader.Sources[pair.Key];
            if (BrokenAttribute.Is(use, context.CancellationToken)) continue;
            var first = pair.Value[0];
            string firstMessage = Descriptors.ForId(first.Id) is { } d
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, d.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Args.Cast<object>().ToArray())
                : first.Id;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UsedBlockHasErrors, AttributeLocator.Locate(use, null, context.CancellationToken),
                UsedBlockName(use), pair.Value.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), firstMessage));
        }
    }

    private static string UsedBlockName(AttributeData use)
    {
        var type = use.AttributeClass is { IsGenericType: true } generic
            ? generic.TypeArguments.FirstOrDefault()
            : use.ConstructorArguments.Length > 0 ? use.ConstructorArguments[0].Value as ITypeSymbol : null;
        return type?.ToDisplayString() ?? "?";
    }
}
