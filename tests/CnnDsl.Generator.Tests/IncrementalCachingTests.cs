extern alias generator;

using generator::CnnDsl.Generator;
using System.IO;
using System.Linq;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnDsl.Generator.Tests;

/// <summary>An unrelated edit must leave every pipeline step cached; an edit to a network must not.</summary>
public class IncrementalCachingTests
{
    private static readonly string Network = File.ReadAllText(Path.Combine(GoldenFileTests.RepoRoot, "samples", "CnnDsl.Zoo", "MobileNetV2.cs"));

    [Fact]
    public void Unrelated_edit_keeps_every_step_cached()
    {
        var compilation = GeneratorHarness.Compile(Network, "public class Unrelated { public int A => 1; }");
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.ElementAt(1),
            CSharpSyntaxTree.ParseText("public class Unrelated { public int A => 2; public int B => 3; }", GeneratorHarness.ParseOptions, path: "Source1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllOutputs(result, NetworkGenerator.Steps.Spec, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertAllOutputs(result, NetworkGenerator.Steps.Model, IncrementalStepRunReason.Cached);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_the_network_reruns_the_model_and_emits_again()
    {
        var compilation = GeneratorHarness.Compile(Network);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Network.Replace("[Dense(1000,", "[Dense(10,"), GeneratorHarness.ParseOptions, path: "Source0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllOutputs(result, NetworkGenerator.Steps.Spec, IncrementalStepRunReason.Modified);
        AssertAllOutputs(result, NetworkGenerator.Steps.Model, IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Reading_the_same_source_twice_gives_equal_models()
    {
        var first = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(GeneratorHarness.Compile(Network)).GetRunResult().Results.Single();
        var second = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(GeneratorHarness.Compile(Network)).GetRunResult().Results.Single();
        var a = first.TrackedSteps[NetworkGenerator.Steps.Model].Single().Outputs.Single().Value;
        var b = second.TrackedSteps[NetworkGenerator.Steps.Model].Single().Outputs.Single().Value;
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    private static void AssertAllOutputs(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        Assert.True(result.TrackedSteps.ContainsKey(step), "step " + step + " was not tracked");
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Contains(output.Reason, allowed));
    }
}
