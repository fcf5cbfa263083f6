using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CnnDsl.Model;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.Analyzers;

/// <summary>
/// Errors of a scaled variant that arise in the layers it takes from its base: the base's own analysis reports
/// argument errors; shape errors (the scaled resolution no longer fits a kernel, a tensor grows too large) belong
/// to the variant and go on its BasedOn argument, like shape errors inside a block go where the block is used.
/// </summary>
internal static class InheritedErrors
{
    public static IEnumerable<ModelError> AtBasedOn(IEnumerable<ModelError> errors, DefinitionReader reader, INamedTypeSymbol type,
        ISet<string> reportedAtUseSite, CancellationToken cancellationToken)
    {
        var declarations = new HashSet<SyntaxNode>(type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)));
        foreach (var error in errors)
        {
            int sourceId = error.OuterSourceId >= 0 ? error.OuterSourceId : error.SourceId;
            if (sourceId < 0 || sourceId >= reader.Sources.Count || IsDeclaredOn(reader.Sources[sourceId], declarations, cancellationToken))
            {
                yield return error;
            }
            else if (reportedAtUseSite.Contains(error.Id))
            {
                yield return new ModelError(error.Id, NetworkBuilder.NetworkAttributeSourceId, "BasedOn", error.Args);
            }
        }
    }

    private static bool IsDeclaredOn(AttributeData attribute, HashSet<SyntaxNode> declarations, CancellationToken cancellationToken)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        var owner = syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        return owner is not null && declarations.Contains(owner);
    }
}
