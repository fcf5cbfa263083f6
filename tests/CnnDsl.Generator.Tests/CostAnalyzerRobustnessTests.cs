using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Tasks;
using CnnDsl.Analyzers;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// The cost analyzer on broken, half-typed and absurd definitions: it must never throw (the tests run the Debug
/// build, whose catch-all rethrows), and definitions with errors get no cost advice.
/// </summary>
public class CostAnalyzerRobustnessTests
{
    [Theory]
    [InlineData("[Network] [Conv(8, 3)] public partial class N { }")]
    [InlineData("[Network(Input = \"28x28x192\", MaxMultiplyAdds = 1)] [Conv(")]
    [InlineData("[Network(Input = \"28x28x192\", MaxMultiplyAdds = \"abc\")] [Conv(32, 5)] public partial class N { }")]
    [InlineData("[Network(Input = \"1x1x1\")] [Conv(2147483647, 5)] [Conv(2147483647, 5)] public partial class N { }")]
    [InlineData("[Network(Input = \"46340x46340x1\")] [Conv(1, 3)] [Conv(1, 99)] public partial class N { }")]
    [InlineData("[Network(Input = \"1x1x2147483647\")] [Conv(8, 3)] public partial class N { }")]
    [InlineData("[Network(Input = \"28x28x192\")] [Conv(32, 5, Act = (Act)99)] public partial class N { }")]
    [InlineData("[Network(Input = \"28x28x192\", MaxMultiplyAdds = 1, MaxParameters = 1)] [Flatten] public partial class N { }")]
    [InlineData("[Network(Input = \"28x28x192\", MaxMultiplyAdds = long.MaxValue)] [Conv(32, 5)] public partial class N { }")]
    [InlineData("[Network(Input = \"28x28x192\")] [Conv(32, 5)] [Use<B>(Repeat = 3)] public partial class N { } [Block] public class B { [Conv(36, 3)] public int A; [Identity] public int I; }")]
    [InlineData("[Network(Input = \"28x28x192\")] [Use<B>] public partial class N { } [Block] public class B { [Use<B>] public int A; }")]
    [InlineData("[Network(Input = \"28x28x192\")] [Inception(1, 2, 3)] [Conv(filters: 36)] [Conv(kernel: 3, filters: 36)] public partial class N { }")]
    [InlineData("[Network(Input = \"28x28x192\")] [Dense(0)] [Conv(0, 0)] [DepthwiseSeparable(-1)] public partial class N { }")]
    [InlineData("[Network(Input = \"28x28x192\")] public partial class N { }")]
    [InlineData("[Network(Input = \"2x2x192\")] [Conv(32, 5, Padding = Padding.Valid)] public partial class N { }")]
    [InlineData("[Network(Input = \"28x28x192\")] [Conv(32, 5)] public partial class N { [Network(Input = \"8x8x3\")] [Conv(36, 3)] [Dense(1)] partial class Inner { } }")]
    public async Task Never_throws(string source)
    {
        var compilation = GeneratorHarness.Compile("using CnnDsl;\n" + source);
        var exceptions = new ConcurrentBag<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (e, _, _) => exceptions.Add(e),
            concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CostAnalyzer(), new DefinitionAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task Definitions_with_errors_get_no_cost_advice()
    {
        var compilation = GeneratorHarness.Compile("using CnnDsl;\n[Network(Input = \"28x28x192\", MaxMultiplyAdds = 1)] [Conv(36, 5)] [Conv(8, 99, Padding = Padding.Valid)] public partial class N { }");
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CostAnalyzer(), new DefinitionAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Contains(diagnostics, d => d.Id == "CNN0004");
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CNN01", StringComparison.Ordinal));
    }
}
