using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CnnDsl.Onnx;
using CnnDsl.Tests.Weights;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Hostile but well-formed ONNX files: each is a clear exception from the importer with no weight changed and no
/// more memory than the file holds, and the scaffolder either lists what it cannot express or says the file is
/// malformed, without crashing.
/// </summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public class OnnxHardeningTests
{
    public static IEnumerable<object[]> Mutations() => OnnxMutations.Names.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Importer_rejects_the_mutation_and_changes_nothing(string mutation)
    {
        byte[] file = OnnxMutations.Apply(TinyModels.Build(seed: 4), mutation, new Random(1));
        var target = new TestWeights(TinyNetwork.Graph, TinyNetwork.Tensors);
        FuzzCases.FillDistinct(target, 5);
        var before = FuzzCases.Snapshot(target);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(() => OnnxImporter.ImportWeights(target, file));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(error is InvalidDataException or WeightsMismatchException, mutation + ": " + (error is null ? "imported" : error.GetType().Name + ": " + error.Message));
        Assert.True(FuzzCases.Unchanged(target, before), mutation + ": the weights changed");
        // Bounded memory: dims that lie must not allocate what they claim (the file is a few kilobytes).
        Assert.True(allocated < 64L << 20, $"{mutation}: the import allocated {allocated:N0} bytes");
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Scaffolder_lists_or_rejects_the_mutation(string mutation)
    {
        byte[] file = OnnxMutations.Apply(TinyModels.Build(seed: 4), mutation, new Random(1));
        try
        {
            var result = OnnxScaffolder.Scaffold(file, "Hostile");
            // Statistics and the dims of weights it does not read are data, not structure: the scaffolder need not read
            // them (the importer rejects them). Everything else is reported.
            if (!mutation.Contains("running_var", StringComparison.Ordinal) && !mutation.StartsWith("dims ", StringComparison.Ordinal))
                Assert.True(result.Unsupported.Count > 0, mutation + ": scaffolded as if nothing were wrong:\n" + result.Source);
            // Never an argument that does not compile (an epsilon of NaNf); a comment may name the bad value.
            Assert.DoesNotContain("NaNf", result.Source);
        }
        catch (InvalidDataException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [Fact]
    public void Importer_names_the_problem()
    {
        string Message(string mutation) => Assert.ThrowsAny<Exception>(() => OnnxImporter.ImportWeights(new TestWeights(TinyNetwork.Graph, TinyNetwork.Tensors),
            OnnxMutations.Apply(TinyModels.Build(seed: 4), mutation, new Random(1)))).Message;
        Assert.Contains("epsilon NaN", Message("fused epsilon NaN"));
        Assert.Contains("epsilon -1", Message("folded epsilon -1"));
        Assert.Contains("running variance -1", Message("negative running_var"));
        Assert.Contains("produced by two nodes", Message("every node twice"));
        Assert.Contains("two initializers named", Message("duplicate initializer"));
        Assert.Contains("custom domain 'com.example.hostile'", Message("custom-domain Conv"));
    }

    /// <summary>nested(v, n) = v + nested(Relu(v), n - 1): n forks, each inside the previous one's branch.</summary>
    private static byte[] NestedResiduals(int depth)
    {
        var m = new TinyOnnxModel(1);
        string x = m.Input("image", 1, 2, 4, 4);
        var down = new List<string> { x };
        for (int i = 0; i < depth; i++) down.Add(m.Node("Relu", "down" + i, new[] { down[^1] }));
        string up = m.Node("Relu", "bottom", new[] { down[^1] });
        for (int i = depth - 1; i >= 0; i--) up = m.Node("Add", "up" + i, new[] { down[i], up });
        m.Output(up, 1, 2, 4, 4);
        return m.ToBytes();
    }

    [Fact]
    public async Task Deeply_nested_forks_are_rejected_not_a_stack_overflow()
    {
        byte[] deep = NestedResiduals(20_000);
        // A thread-pool thread has a smaller stack than the main thread.
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Task.Run(() => OnnxScaffolder.Scaffold(deep, "Deep")));
        Assert.Contains(OnnxScaffoldWalkerLimit + " deep", error.Message);
        var shallow = OnnxScaffolder.Scaffold(NestedResiduals(30), "Shallow");
        Assert.Empty(shallow.Unsupported);
        Assert.Equal(30, shallow.Source.Split('\n').Count(l => l.StartsWith("[Block(", StringComparison.Ordinal)));
    }

    private static readonly string OnnxScaffoldWalkerLimit = OnnxScaffoldWalker.MaxNesting.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
