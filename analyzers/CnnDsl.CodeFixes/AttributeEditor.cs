using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.CodeFixes;

/// <summary>
/// Rewrites layer attributes the way a user would: new attributes take the spelling of the one they replace
/// (<c>Conv</c>, <c>ConvAttribute</c>, <c>CnnDsl.Conv</c>), arguments are copied as written, and an attribute alone
/// in its list stays alone in its own list on its own line, while one in a shared list stays in that list.
/// </summary>
internal sealed class AttributeEditor
{
    private readonly string _prefix;
    private readonly string _suffix;
    private readonly AttributeSyntax _attribute;

    public AttributeEditor(AttributeSyntax attribute)
    {
        _attribute = attribute;
        string name = attribute.Name.ToString();
        int separator = System.Math.Max(name.LastIndexOf('.'), name.LastIndexOf(':'));
        _prefix = separator >= 0 ? name.Substring(0, separator + 1) : "";
        _suffix = name.EndsWith("Attribute", System.StringComparison.Ordinal) ? "Attribute" : "";
    }

    /// <summary>A CnnDsl type name spelled like the edited attribute's (for enums: <c>Act.None</c> or <c>CnnDsl.Act.None</c>).</summary>
    public string TypeName(string name) => _prefix + name;

    /// <summary>A named argument as written (e.g. <c>Act = Act.Relu</c>), or null when absent.</summary>
    public string? Named(string name)
        => _attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.ToString();

    /// <summary>The expression of the constructor argument at <paramref name="position"/> (or given as <c>name:</c>), as written.</summary>
    public string? Positional(int position, string name)
    {
        if (_attribute.ArgumentList is null) return null;
        int index = 0;
        foreach (var argument in _attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals is not null) continue;
            if (argument.NameColon is { } colon)
            {
                if (colon.Name.Identifier.ValueText == name) return argument.Expression.ToString();
            }
            else if (index == position)
            {
                return argument.Expression.ToString();
            }
            index++;
        }
        return null;
    }

    /// <summary>A CnnDsl layer attribute named like the edited one, with the given arguments (nulls skipped).</summary>
    public AttributeSyntax Create(string layer, params string?[] arguments)
        => SyntaxFactory.Attribute(
            SyntaxFactory.ParseName(_prefix + layer + _suffix),
            SyntaxFactory.ParseAttributeArgumentList("(" + string.Join(", ", arguments.Where(a => a is not null)) + ")"));

    /// <summary>Replaces the edited attribute by <paramref name="replacements"/>, in order.</summary>
    public SyntaxNode Replace(SyntaxNode root, IReadOnlyList<AttributeSyntax> replacements)
    {
        if (_attribute.Parent is not AttributeListSyntax list || replacements.Count == 0) return root;
        if (list.Attributes.Count == 1) return root.ReplaceNode(list, OwnLists(root, list, replacements));

        var items = new List<SyntaxNodeOrToken>();
        foreach (var item in list.Attributes.GetWithSeparators())
        {
            if (item.IsNode && item.AsNode() == _attribute)
            {
                for (int i = 0; i < replacements.Count; i++)
                {
                    if (i > 0) items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
                    items.Add(replacements[i].WithTriviaFrom(_attribute));
                }
            }
            else
            {
                items.Add(item);
            }
        }
        return root.ReplaceNode(list, list.WithAttributes(SyntaxFactory.SeparatedList<AttributeSyntax>(items)));
    }

    /// <summary>One list per attribute: the first keeps the original's leading trivia (comments, indentation), the rest get its indentation.</summary>
    private static IEnumerable<AttributeListSyntax> OwnLists(SyntaxNode root, AttributeListSyntax list, IReadOnlyList<AttributeSyntax> replacements)
    {
        var leading = list.GetLeadingTrivia();
        var indentation = IndentationOf(leading);
        var newLine = NewLineOf(root);
        for (int i = 0; i < replacements.Count; i++)
        {
            var single = list.WithAttributes(SyntaxFactory.SingletonSeparatedList(replacements[i]));
            single = single.WithLeadingTrivia(i == 0 ? leading : indentation);
            single = single.WithTrailingTrivia(i == replacements.Count - 1 ? list.GetTrailingTrivia() : SyntaxFactory.TriviaList(newLine));
            yield return single;
        }
    }

    /// <summary>The whitespace after the last line break of the leading trivia: the list's indentation.</summary>
    private static SyntaxTriviaList IndentationOf(SyntaxTriviaList leading)
    {
        var result = new List<SyntaxTrivia>();
        foreach (var trivia in leading)
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia) || trivia.HasStructure) result.Clear();
            else if (trivia.IsKind(SyntaxKind.WhitespaceTrivia)) result.Add(trivia);
            else result.Clear();
        }
        return SyntaxFactory.TriviaList(result);
    }

    private static SyntaxTrivia NewLineOf(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia)) return trivia;
        }
        return SyntaxFactory.LineFeed;
    }
}
