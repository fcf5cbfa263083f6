using System;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Analyzers;

/// <summary>
/// The compilation's <c>[Network]</c> classes in source, found once per compilation and sorted by name, so that a
/// block's advice can gather its uses from every network (whose models <see cref="NetworkModels"/> builds once).
/// </summary>
internal static class NetworkTypes
{
    private static readonly ConditionalWeakTable<Compilation, Lazy<ImmutableArray<INamedTypeSymbol>>> Caches = new();

    public static ImmutableArray<INamedTypeSymbol> Get(Compilation compilation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Not cancellable once started (a cancelled Lazy would keep its exception); finding the types is cheap.
        return Caches.GetValue(compilation, c => new Lazy<ImmutableArray<INamedTypeSymbol>>(() => Find(c), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private static ImmutableArray<INamedTypeSymbol> Find(Compilation compilation)
        => compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type)
            .OfType<INamedTypeSymbol>()
            .Where(type => DefinitionReader.FindAttribute(type, AttributeNames.NetworkShort) is not null)
            .OrderBy(type => type.ToDisplayString(), StringComparer.Ordinal)
            .ToImmutableArray();
}
