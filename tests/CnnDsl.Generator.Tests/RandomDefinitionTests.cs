using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Thousands of random definitions (random layer stacks and arguments, absurd ones included, and class declarations
/// the generated members cannot go into): the generator and the
/// analyzers must never throw, and each network ends either in generated code that compiles or in CNN errors — never both, never neither.
/// </summary>
public class RandomDefinitionTests
{
    private const int Compilations = 60;
    private const int NetworksPerCompilation = 50;

    [Fact]
    public void Random_definitions_end_in_code_or_diagnostics_never_an_exception()
    {
        var random = new Random(20261126);
        int generatedCount = 0, rejectedCount = 0;
        for (int c = 0; c < Compilations; c++)
        {
            var source = new StringBuilder("using CnnDsl;\nnamespace Fuzz;\n");
            int blocks = random.Next(0, 4);
            for (int b = 0; b < blocks; b++) source.Append(RandomBlock(random, b, blocks));
            for (int n = 0; n < NetworksPerCompilation; n++) source.Append(RandomNetwork(random, n, blocks));

            var (generated, rejected) = CodeOrErrors.Check(source.ToString(), NetworksPerCompilation);
            generatedCount += generated;
            rejectedCount += rejected;
        }
        // The generator must see both kinds, or the test proves nothing.
        Assert.True(generatedCount > 200 && rejectedCount > 200, $"generated {generatedCount}, rejected {rejectedCount}");
    }

    private static string RandomNetwork(Random random, int index, int blocks)
    {
        var text = new StringBuilder();
        text.Append("// begin Net").Append(index).Append('\n');
        text.Append("[Network(Input = \"").Append(RandomInput(random)).Append("\")]\n");
        int layers = random.Next(0, 9);
        for (int i = 0; i < layers; i++) text.Append('[').Append(RandomLayer(random, blocks, allowUse: true)).Append("]\n");
        text.Append(RandomDeclaration(random, "Net" + index.ToString(CultureInfo.InvariantCulture))).Append('\n');
        text.Append("// end Net").Append(index).Append('\n');
        return text.ToString();
    }

    /// <summary>Mostly a plain partial class; sometimes one the generated members cannot go into, or layers split over two declarations.</summary>
    private static string RandomDeclaration(Random random, string name) => random.Next(16) switch
    {
        0 => "public static partial class " + name + " { }",
        1 => "file partial class " + name + " { }",
        2 => "public partial class " + name + "<T> { }",
        3 => "public partial class " + name + " { public void Forward() { } }",
        4 => "public partial class " + name + " { private int _arena; }",
        5 => "public partial class " + name + " { }\n[Conv(8, 1)]\npublic partial class " + name + " { }",
        _ => "public partial class " + name + " { }",
    };

    private static string RandomBlock(Random random, int index, int blocks)
    {
        var text = new StringBuilder();
        var merge = random.Next(8) switch
        {
            0 => "Merge = (Merge)77",
            1 => "Merge = Merge.Concat, Act = (Act)42",
            2 or 3 => "Merge = Merge.Add",
            _ => "Merge = Merge.Concat",
        };
        text.Append("[Block(").Append(merge).Append(")]\npublic partial class Block").Append(index).Append("\n{\n");
        int branches = random.Next(0, 4);
        for (int b = 0; b < branches; b++)
        {
            if (random.Next(4) == 0)
            {
                text.Append("    [Identity] partial void Branch").Append(b).Append("();\n");
                continue;
            }
            text.Append("    ");
            int layers = random.Next(1, 4);
            for (int i = 0; i < layers; i++) text.Append('[').Append(RandomLayer(random, blocks, allowUse: random.Next(5) == 0)).Append("] ");
            text.Append("partial void Branch").Append(b).Append("();\n");
        }
        text.Append("}\n");
        return text.ToString();
    }

    private static string RandomInput(Random random) => random.Next(12) switch
    {
        0 => "224x224",
        1 => "0x4x3",
        2 => "x",
        3 => Size(random) + "x" + Size(random) + "x" + Size(random),
        4 => "100000x100000x100000",
        _ => random.Next(1, 40) + "x" + random.Next(1, 40) + "x" + random.Next(1, 20),
    };

    private static string RandomLayer(Random random, int blocks, bool allowUse)
    {
        var named = new List<string>();
        if (random.Next(3) == 0) named.Add("Stride = " + Size(random));
        if (random.Next(4) == 0) named.Add("Padding = " + (random.Next(6) == 0 ? "(Padding)7" : random.Next(2) == 0 ? "Padding.Same" : "Padding.Valid"));
        if (random.Next(6) == 0) named.Add("Pad = " + random.Next(-3, 4));
        if (random.Next(3) == 0) named.Add("Act = (Act)(" + random.Next(-1, 8) + ")");
        if (random.Next(8) == 0) named.Add("Name = \"" + random.Next(4) switch { 0 => "dup", 1 => "conv1", 2 => "line\\u2028sep\\u0085", _ => "we\\\"ird\\u00e9" } + "\"");
        string Args(string positional, params string[] allowed)
        {
            var chosen = named.Where(n => allowed.Any(a => n.StartsWith(a + " ", StringComparison.Ordinal))).ToList();
            return "(" + string.Join(", ", new[] { positional }.Where(p => p.Length > 0).Concat(chosen)) + ")";
        }

        int kind = random.Next(allowUse && blocks > 0 ? 16 : 15);
        return kind switch
        {
            0 or 1 => "Conv" + Args(Size(random) + ", " + Kernel(random), "Stride", "Padding", "Pad", "Act", "Name") + "",
            2 => "DepthwiseConv" + Args(Kernel(random), "Stride", "Padding", "Pad", "Act", "Name"),
            3 => "MaxPool" + Args(Kernel(random), "Stride", "Padding", "Name"),
            4 => "AvgPool" + Args(Kernel(random), "Stride", "Padding", "Name"),
            5 => "GlobalAvgPool",
            6 => "Dense" + Args(Size(random), "Act", "Name"),
            7 => "Flatten",
            8 => "BatchNorm" + Args(random.Next(5) == 0 ? "Epsilon = 0f" : "", "Act"),
            9 => "Dropout(" + (random.Next(5) == 0 ? "1.5" : "0.25") + ")",
            10 => "Activation((Act)(" + random.Next(-1, 8) + "))",
            11 => "Inception(" + string.Join(", ", Enumerable.Range(0, 6).Select(_ => Size(random))) + ")",
            12 => "DepthwiseSeparable" + Args(Size(random), "Stride", "Act", "Name"),
            13 => "InvertedResidual(" + Size(random) + ", Expansion = " + random.Next(-1, 7) + ", Repeat = " + random.Next(-1, 4) + ", Stride = " + random.Next(0, 3) + ")",
            14 => random.Next(2) == 0 ? "Use(typeof(string))" : "Identity",
            _ => "Use(typeof(Block" + random.Next(blocks) + ")" + (random.Next(3) == 0 ? ", Repeat = " + random.Next(-1, 3) : "") + ")",
        };
    }

    private static string Size(Random random) => random.Next(20) switch
    {
        0 => "0",
        1 => "-1",
        2 => int.MaxValue.ToString(CultureInfo.InvariantCulture),
        3 => "100000",
        _ => random.Next(1, 40).ToString(CultureInfo.InvariantCulture),
    };

    private static string Kernel(Random random) => random.Next(20) switch
    {
        0 => "0",
        1 => int.MaxValue.ToString(CultureInfo.InvariantCulture),
        2 => "9",
        _ => random.Next(1, 6).ToString(CultureInfo.InvariantCulture),
    };
}
