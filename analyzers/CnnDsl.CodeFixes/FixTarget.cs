using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.CodeFixes;

/// <summary>Finds the syntax a cost diagnostic points at; null when the source changed under it.</summary>
internal static class FixTarget
{
    public static AttributeSyntax? Attribute(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        if (!root.FullSpan.Contains(span)) return null;
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        for (; node is not null; node = node.Parent)
        {
            if (node is AttributeSyntax attribute) return attribute;
        }
        return null;
    }

    public static AttributeArgumentSyntax? Argument(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        if (!root.FullSpan.Contains(span)) return null;
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        for (; node is not null and not AttributeSyntax; node = node.Parent)
        {
            if (node is AttributeArgumentSyntax argument) return argument;
        }
        return null;
    }
}
