using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>
/// References for test compilations, taken from the running runtime and the built CnnDsl library: nothing is
/// downloaded at test time (the testing packages' ReferenceAssemblies presets would fetch reference packs).
/// </summary>
internal static class TestReferences
{
    public static readonly ImmutableArray<MetadataReference> All = Build();

    /// <summary>An empty reference set for the testing packages; <see cref="All"/> is added as additional references.</summary>
    public static readonly ReferenceAssemblies None = new("net10.0-offline");

    private static ImmutableArray<MetadataReference> Build()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        var runtime = trusted
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Where(path => !Path.GetFileName(path).StartsWith("System.Private.", StringComparison.Ordinal) || Path.GetFileName(path) == "System.Private.CoreLib.dll");
        return runtime
            .Append(typeof(CnnDsl.NetworkAttribute).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
