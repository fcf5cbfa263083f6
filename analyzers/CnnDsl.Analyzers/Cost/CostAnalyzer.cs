using System;
using System.Collections.Immutable;
using CnnDsl.Model;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Analyzers;

/// <summary>
/// Cost feedback while typing (CNN01xx): what each layer costs, which convolutions a bottleneck or a
/// depthwise-separable design would make much cheaper, budgets, and channel counts that waste SIMD lanes. Every
/// number comes from the shared <see cref="NetworkBuilder"/> model (and <see cref="CostAlternatives"/> built on it);
/// definitions with errors are left to <see cref="DefinitionAnalyzer"/>, since their costs are incomplete. A
/// <c>[Block]</c> class gets the convolution advice on its own members (<see cref="BlockAdvice"/>), from the models
/// of the networks that use it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CostAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.BottleneckSuggested, Descriptors.SeparableSuggested, Descriptors.BudgetExceeded,
        Descriptors.LayerCost, Descriptors.SimdLanesWasted, Descriptors.GeneratedCodeTooLarge, Descriptors.FactorizationSuggested);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        try
        {
            if (context.Symbol is not INamedTypeSymbol type) return;
            var networkAttribute = DefinitionReader.FindAttribute(type, AttributeNames.NetworkShort);
            if (networkAttribute is null)
            {
                if (DefinitionReader.FindAttribute(type, AttributeNames.BlockShort) is { } blockAttribute) BlockAdvice.Check(context, type, blockAttribute);
                return;
            }

            var (reader, spec, model) = NetworkModels.Get(context.Compilation, type, context.CancellationToken);
            if (model.HasErrors || model.Layers.Count == 0) return;

            var options = CostOptions.Read(context.Options, networkAttribute.ApplicationSyntaxReference?.SyntaxTree);
            var cost = new CostContext(context, type, networkAttribute, reader, spec, model, options);
            LayerCostRule.Check(cost);
            BottleneckRule.Check(cost);
            SeparableRule.Check(cost);
            FactorizationRule.Check(cost);
            SimdLaneRule.Check(cost);
            BudgetRule.Check(cost);
            GeneratedSizeRule.Check(cost);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Advice must never crash the editor: an unexpected definition simply gets no cost feedback. Debug builds
            // (the tests) rethrow, so that the robustness tests see every exception the rules would raise.
#if DEBUG
            throw;
#endif
        }
    }
}
