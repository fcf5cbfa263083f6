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
/// CNN0102: replaces a standard convolution with a depthwise-separable one. <c>[DepthwiseSeparable(filters, ...)]</c>
/// when it reproduces the convolution's same padding, bias and no batch norm (the analyzer decides, in the
/// <see cref="CostProperties.Form"/> property); otherwise a <c>[DepthwiseConv(k, ...)]</c> + <c>[Conv(filters, 1, ...)]</c>
/// pair carrying the padding (all of its arguments), bias and batch norm arguments as written. The activation follows both convolutions,
/// as in MobileNet.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SeparableCodeFix)), Shared]
public sealed class SeparableCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "CnnDsl.MakeDepthwiseSeparable";

    /// <summary>Every argument that sets a window's padding: the depthwise convolution takes them all, as written.</summary>
    private static readonly string[] PaddingArguments = { "Padding", "Pad", "PadTop", "PadLeft", "PadBottom", "PadRight" };

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SeparableSuggested);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CostProperties.Form, out var form) || form is null) continue;
            if (FixTarget.Attribute(root, diagnostic) is null) continue;
            string title = form == CostProperties.FormComposite
                ? "Replace with [DepthwiseSeparable]"
                : "Replace with [DepthwiseConv] + 1x1 [Conv]";
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

        // Conv's activation defaults to none, DepthwiseSeparable's to ReLU: always say which.
        string act = editor.Named("Act") ?? "Act = " + editor.TypeName("Act.None");
        AttributeSyntax[] replacements;
        if (form == CostProperties.FormComposite)
        {
            diagnostic.Properties.TryGetValue(CostProperties.Kernel, out var kernelValue);
            replacements = new[]
            {
                editor.Create("DepthwiseSeparable", filters, editor.Named("Stride"),
                    kernelValue == "3" ? null : "Kernel = " + kernel, act, editor.Named("Name")),
            };
        }
        else
        {
            replacements = new[]
            {
                editor.Create("DepthwiseConv", new[] { kernel, editor.Positional(2, "kernelW"), editor.Named("Stride"), editor.Named("StrideH"), editor.Named("StrideW") }
                    .Concat(PaddingArguments.Select(editor.Named))
                    .Concat(new[] { act, editor.Named("Bias"), editor.Named("BatchNorm") }).ToArray()),
                editor.Create("Conv", filters, "1", act, editor.Named("Bias"), editor.Named("BatchNorm"), editor.Named("Name")),
            };
        }
        return document.WithSyntaxRoot(editor.Replace(root, replacements));
    }
}
