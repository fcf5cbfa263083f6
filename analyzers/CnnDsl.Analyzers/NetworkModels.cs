using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using CnnDsl.Model;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Analyzers;

/// <summary>One network read and built: the reader (whose sources map errors back to attributes), the spec and the model.</summary>
internal sealed record BuiltNetwork(DefinitionReader Reader, NetworkSpec Spec, NetworkModel Model);

/// <summary>
/// One read and one build per network per compilation, shared by every CnnDsl analyzer (definition errors, cost
/// advice, a variant's cost next to its base's). Keyed by the compilation (dropped with it) and the type symbol.
/// Analyzers run concurrently: one caller builds while the others wait for its result. A build cancelled by its
/// caller is never kept: the entry is removed, and a caller that was not cancelled builds again itself.
/// </summary>
internal static class NetworkModels
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<INamedTypeSymbol, Lazy<BuiltNetwork>>> Caches = new();

    public static BuiltNetwork Get(Compilation compilation, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var cache = Caches.GetValue(compilation, _ => new ConcurrentDictionary<INamedTypeSymbol, Lazy<BuiltNetwork>>(SymbolEqualityComparer.Default));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = cache.GetOrAdd(type, t => new Lazy<BuiltNetwork>(() => Build(t, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return entry.Value;
            }
            catch (OperationCanceledException)
            {
                // Remove exactly this entry (a newer one may already be there), then rethrow if the cancellation is ours.
                ((ICollection<KeyValuePair<INamedTypeSymbol, Lazy<BuiltNetwork>>>)cache).Remove(new KeyValuePair<INamedTypeSymbol, Lazy<BuiltNetwork>>(type, entry));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static BuiltNetwork Build(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var reader = new DefinitionReader(cancellationToken);
        var spec = DeclarationChecks.Apply(type, reader.ReadNetwork(type), reader, cancellationToken);
        return new BuiltNetwork(reader, spec, NetworkBuilder.Build(spec, cancellationToken));
    }
}
