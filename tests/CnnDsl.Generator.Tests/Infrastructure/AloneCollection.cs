namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>Tests that read process-wide counters run with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}
