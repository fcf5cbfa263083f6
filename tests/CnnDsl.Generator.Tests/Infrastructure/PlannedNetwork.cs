extern alias generator;

using generator::CnnDsl.Model;
using generator::CnnDsl.Reading;

namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>The inference plan of a network the tests define in source, as the generator plans it.</summary>
internal static class PlannedNetwork
{
    /// <summary>Compiles <paramref name="source"/> and plans the network class <paramref name="typeName"/>.</summary>
    public static InferencePlan Of(string source, string typeName)
    {
        var outcome = GeneratorHarness.Run(source);
        var type = outcome.Output.GetTypeByMetadataName(typeName)!;
        return InferencePlanner.Plan(NetworkBuilder.Build(new DefinitionReader().ReadNetwork(type)));
    }
}
