using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CnnDsl.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.CodeFixes;

/// <summary>
/// CNN0101: inserts the suggested 1x1 bottleneck, <c>[Conv(width, 1, Act = ...)]</c>, before the costly convolution.
/// The bottleneck copies the convolution's activation, bias and batch norm arguments as written.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BottleneckCodeFix)), Shared]
public sealed class BottleneckCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "CnnDsl.InsertBottleneck";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BottleneckSuggested);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CostProperties.Width, out var width) || !int.TryParse(width, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) || value <= 0) continue;
            if (FixTarget.Attribute(root, diagnostic) is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Insert a 1x1 bottleneck to " + width + " channels", c => FixAsync(context.Document, diagnostic, value, c), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, int width, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || FixTarget.Attribute(root, diagnostic) is not { } conv) return document;
        var editor = new AttributeEditor(conv);
        var bottleneck = editor.Create("Conv",
            width.ToString(System.Globalization.CultureInfo.InvariantCulture), "1",
            editor.Named("Act"), editor.Named("BatchNorm"), editor.Named("Bias"));
        return document.WithSyntaxRoot(editor.Replace(root, new AttributeSyntax[] { bottleneck, conv }));
    }
}
