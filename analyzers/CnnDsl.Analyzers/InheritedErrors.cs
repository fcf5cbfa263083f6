using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.Analyzers;

/// <summary>
/// Errors of a scaled variant (or of a network From a backbone) that arise in the layers it takes from its base. Shape errors (the scaled resolution
/// no longer fits a kernel, a tensor grows too large) belong to the variant and go on its BasedOn argument, like
/// shape errors inside a block go where the block is used. The base's own errors are reported on the base; the
/// variant gets one CNN0025 on BasedOn pointing there, so it never silently generates nothing.
/// </summary>
internal static class InheritedErrors
{
    public static IEnumerable<ModelError> AtBase(IEnumerable<ModelError> errors, DefinitionReader reader, INamedTypeSymbol type,
        NetworkSpec spec, ISet<string> reportedAtUseSite, CancellationToken cancellationToken)
    {
        string? baseName = spec.BaseTypeName;
        string argument = spec.BaseArgument;
        bool backbone = argument == nameof(NetworkAttribute.From);
        var declarations = new HashSet<SyntaxNode>(type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)));
        var result = new List<ModelError>();
        var baseErrors = new List<ModelError>();
        foreach (var error in errors)
        {
            int sourceId = error.OuterSourceId >= 0 ? error.OuterSourceId : error.SourceId;
            if (sourceId < 0 || sourceId >= reader.Sources.Count || IsDeclaredOn(reader.Sources[sourceId], declarations, cancellationToken))
                result.Add(error);
            else if (reportedAtUseSite.Contains(error.Id))
                result.Add(new ModelError(error.Id, NetworkBuilder.NetworkAttributeSourceId, argument, error.Args));
            else
                baseErrors.Add(error);
        }
        if (baseErrors.Count > 0)
        {
            var first = baseErrors[0];
            string message = Descriptors.ForId(first.Id) is { } descriptor
                ? string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), first.Args.Cast<object>().ToArray())
                : first.Id;
            result.Add(new ModelError(backbone ? DiagnosticIds.BackboneHasErrors : DiagnosticIds.BaseHasErrors, NetworkBuilder.NetworkAttributeSourceId, argument,
                new[] { type.Name, baseName ?? "?", baseErrors.Count.ToString(CultureInfo.InvariantCulture), message }.ToEquatableArray()));
        }
        return result;
    }

    private static bool IsDeclaredOn(AttributeData attribute, HashSet<SyntaxNode> declarations, CancellationToken cancellationToken)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        var owner = syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        return owner is not null && declarations.Contains(owner);
    }
}
