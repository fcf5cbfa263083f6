extern alias generator;

using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using CnnDsl.Analyzers;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// The analyzers' shared per-compilation model cache: concurrent callers get one build, and a build cancelled by its
/// caller is never handed to anyone else or kept for later calls.
/// </summary>
public class SharedModelCacheTests
{
    private const string Source = """
        using CnnDsl;
        [Block(Merge = Merge.Add, Act = Act.Relu)]
        public class Res
        {
            [Conv(16, 3, BatchNorm = true, Act = Act.Relu)]
            [Conv(16, 3, BatchNorm = true)]
            public object Body => null!;
            [Identity] public object Skip => null!;
        }
        [Network(Input = "16x16x16")]
        [Use<Res>(Repeat = 400)]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Deep { }
        """;

    private static readonly MethodInfo Get = typeof(DefinitionAnalyzer).Assembly.GetType("CnnDsl.Analyzers.NetworkModels", throwOnError: true)!
        .GetMethod("Get", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;

    [Fact]
    public void Concurrent_callers_share_one_build()
    {
        var compilation = GeneratorHarness.Compile(Source);
        var type = compilation.GetTypeByMetadataName("Deep")!;
        var results = new object[8];
        Parallel.For(0, results.Length, i => results[i] = Call(compilation, type, CancellationToken.None));
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public async Task A_cancelled_build_is_never_shared_or_kept()
    {
        int cancelledMidway = 0;
        for (int attempt = 0; attempt < 100 && cancelledMidway < 3; attempt++)
        {
            // A fresh compilation each time: an empty cache. One caller is cancelled while the other waits on its build.
            // Own threads, not the pool: with the rest of the assembly's tests running, pool threads can start so late
            // that every attempt's build is over before the cancellation, and the test proves nothing.
            var compilation = GeneratorHarness.Compile(Source);
            var type = compilation.GetTypeByMetadataName("Deep")!;
            using var source = new CancellationTokenSource();
            var cancelled = Task.Factory.StartNew(() => Call(compilation, type, source.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var patient = Task.Factory.StartNew(() => Call(compilation, type, CancellationToken.None), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Thread.Sleep(attempt % 10);
            source.Cancel();

            bool wasCancelled = false;
            try { await cancelled; }
            catch (OperationCanceledException) { wasCancelled = true; }
            if (wasCancelled && patient.IsCompleted is false) cancelledMidway++;

            // Whatever happened to the cancelled caller, the others get a complete model, and so does every later call.
            var shared = await patient;
            var later = Call(compilation, type, CancellationToken.None);
            Assert.Same(shared, later);
            Assert.Equal(FreshBuildNodeCount(type), NodeCount(later));
        }
        Assert.True(cancelledMidway > 0, "no attempt cancelled a build while another caller waited: the test proved nothing");
    }

    private static object Call(Compilation compilation, INamedTypeSymbol type, CancellationToken token)
    {
        try
        {
            return Get.Invoke(null, new object[] { compilation, type, token })!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static int NodeCount(object built)
    {
        object model = built.GetType().GetProperty("Model")!.GetValue(built)!;
        object nodes = model.GetType().GetProperty("Nodes")!.GetValue(model)!;
        return (int)nodes.GetType().GetProperty("Count")!.GetValue(nodes)!;
    }

    /// <summary>The node count from the generator's copy of the model, read without any cache.</summary>
    private static int FreshBuildNodeCount(INamedTypeSymbol type)
        => generator::CnnDsl.Model.NetworkBuilder.Build(new generator::CnnDsl.Reading.DefinitionReader().ReadNetwork(type)).Nodes.Count;
}
