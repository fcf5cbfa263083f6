using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.Analyzers;

/// <summary>
/// An attribute the compiler could not bind completely: no constructor (a misspelled parameter name), an argument
/// that is not a constant, or a named argument that does not exist. The compiler reports it; CnnDsl stays quiet there.
/// </summary>
internal static class BrokenAttribute
{
    public static bool Is(AttributeData attribute, CancellationToken cancellationToken)
    {
        if (attribute.AttributeConstructor is null) return true;
        if (attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)) return true;
        if (attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error)) return true;
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null) return false;
        int named = syntax.ArgumentList.Arguments.Count(a => a.NameEquals is not null);
        return named != attribute.NamedArguments.Length;
    }
}
