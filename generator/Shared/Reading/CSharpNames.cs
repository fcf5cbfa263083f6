using Microsoft.CodeAnalysis.CSharp;

namespace CnnDsl.Reading;

/// <summary>Names as the generated C# must spell them: a keyword used as a name (<c>@class</c>) keeps its '@'.</summary>
internal static class CSharpNames
{
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;
}
