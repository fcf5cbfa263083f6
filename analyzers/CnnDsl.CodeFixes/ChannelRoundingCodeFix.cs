using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using CnnDsl.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.CodeFixes;

/// <summary>CNN0105: replaces a channel count with the suggested multiple of the SIMD width.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ChannelRoundingCodeFix)), Shared]
public sealed class ChannelRoundingCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "CnnDsl.RoundChannels";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SimdLanesWasted);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CostProperties.Suggested, out var text)
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int suggested) || suggested <= 0) continue;
            if (FixTarget.Argument(root, diagnostic) is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Use " + text + " channels", c => FixAsync(context.Document, diagnostic, suggested, c), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, int suggested, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || FixTarget.Argument(root, diagnostic) is not { } argument) return document;
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(suggested))
            .WithTriviaFrom(argument.Expression);
        return document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, literal));
    }
}
