using System;
using System.Collections.Immutable;
using System.Globalization;
using CnnDsl.Model;
using CnnDsl.Reading;
using CnnDsl.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Analyzers;

/// <summary>
/// CNN0150 (info): on a scaled variant's <c>[Network]</c> attribute, what it costs next to the network it is based
/// on, e.g. "EfficientNetB2: 1.0G multiply-adds (2.6x EfficientNetB0), 9.1M parameters (1.7x EfficientNetB0)".
/// Silent while either network has errors (the definition analyzer reports those). CNN0110 (info): on a variant that
/// gives a MaxMultiplyAdds budget instead of factors, the compound coefficient chosen and what the budget would allow by
/// depth, width or resolution alone (the paper's Figure 3 comparison).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class VariantCostAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.VariantCost, Descriptors.BudgetScaling);

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
        if (network is null || ScalingArguments.Read(network).Base is not INamedTypeSymbol baseType) return;
        if (DefinitionReader.FindAttribute(baseType, AttributeNames.NetworkShort) is null) return;

        var built = NetworkModels.Get(context.Compilation, type, context.CancellationToken);
        var variant = built.Model;
        var basis = NetworkModels.Get(context.Compilation, baseType, context.CancellationToken).Model;
        if (variant.HasErrors || basis.HasErrors || basis.MultiplyAdds == 0 || basis.Parameters == 0) return;

        var location = AttributeLocator.Locate(network, null, context.CancellationToken);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.VariantCost, location,
            type.Name,
            CostFormat.Short(variant.MultiplyAdds), CostFormat.Factor((double)variant.MultiplyAdds / basis.MultiplyAdds), baseType.Name,
            CostFormat.Short(variant.Parameters), CostFormat.Factor((double)variant.Parameters / basis.Parameters)));
        if (built.Spec.Budget is { } budget)
        {
            string Factor(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "(none fits)";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.BudgetScaling, location,
                type.Name, budget.Phi.ToString("0.00", CultureInfo.InvariantCulture), baseType.Name, CostFormat.Short(built.Spec.MaxMultiplyAdds),
                Factor(Math.Pow(CompoundScaling.Alpha, budget.Phi)), Factor(Math.Pow(CompoundScaling.Beta, budget.Phi)), variant.Input.Height.ToString(CultureInfo.InvariantCulture),
                CostFormat.Short(variant.MultiplyAdds), Factor(budget.DepthAlone), Factor(budget.WidthAlone),
                budget.ResolutionAlone is { } r ? r.ToString(CultureInfo.InvariantCulture) : "(none fits)"));
        }
    }
}
