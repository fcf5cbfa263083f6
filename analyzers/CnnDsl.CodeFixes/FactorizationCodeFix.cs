using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CnnDsl.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.CodeFixes;

/// <summary>
/// CNN0107: replaces a 5x5 convolution with two 3x3s, or an nxn with a 1xn then an nx1 (Inception v3). Both keep the
/// original's arguments as written (padding, activation, bias, batch norm: the paper found a linear first layer worse);
/// the name stays on the second, which produces the layer's output.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FactorizationCodeFix)), Shared]
public sealed class FactorizationCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "CnnDsl.FactorizeConvolution";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.FactorizationSuggested);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CostProperties.Factorization, out var form) || form is null) continue;
            if (FixTarget.Attribute(root, diagnostic) is null) continue;
            string title = form == CostProperties.FactorizationAsymmetric ? "Replace with a 1xn then an nx1 [Conv]" : "Replace with two 3x3 [Conv]s";
            context.RegisterCodeFix(CodeAction.Create(title, c => FixAsync(context.Document, diagnostic, form, c), EquivalenceKey), diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string form, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || FixTarget.Attribute(root, diagnostic) is not { } conv) return document;
        var editor = new AttributeEditor(conv);
        string? filters = editor.Positional(0, "filters");
        string? kernel = editor.Positional(1, "kernel");
        if (filters is null || kernel is null) return document;

        bool asymmetric = form == CostProperties.FactorizationAsymmetric;
        var first = new List<string?> { filters, asymmetric ? "1" : "3", asymmetric ? kernel : null };
        var second = new List<string?> { filters, asymmetric ? kernel : "3", asymmetric ? "1" : null };
        // Named arguments as written, in their order; the name only on the second, which produces the layer's output.
        if (conv.ArgumentList is { } arguments)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameEquals is not { } named) continue;
                if (named.Name.Identifier.ValueText != "Name") first.Add(argument.ToString());
                second.Add(argument.ToString());
            }
        }
        return document.WithSyntaxRoot(editor.Replace(root, new AttributeSyntax[] { editor.Create("Conv", first.ToArray()), editor.Create("Conv", second.ToArray()) }));
    }
}
