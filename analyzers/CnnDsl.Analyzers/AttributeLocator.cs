using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.Analyzers;

/// <summary>Finds the exact source of an attribute argument, so errors underline the number that is wrong.</summary>
internal static class AttributeLocator
{
    public static Location Locate(AttributeData attribute, string? argument, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) return Location.None;
        if (argument is null || syntax.ArgumentList is null) return syntax.GetLocation();

        int position = -1;
        var parameters = attribute.AttributeConstructor?.Parameters ?? default;
        if (!parameters.IsDefault)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].Name == argument) position = i;
            }
        }

        int positional = 0;
        foreach (var arg in syntax.ArgumentList.Arguments)
        {
            if (arg.NameEquals is { } nameEquals)
            {
                if (nameEquals.Name.Identifier.ValueText == argument) return arg.GetLocation();
            }
            else if (arg.NameColon is { } nameColon)
            {
                if (nameColon.Name.Identifier.ValueText == argument) return arg.GetLocation();
                positional++;
            }
            else
            {
                if (positional == position) return arg.GetLocation();
                positional++;
            }
        }
        return syntax.GetLocation();
    }
}
