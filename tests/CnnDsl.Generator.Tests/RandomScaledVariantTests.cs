using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Random MBConv / SqueezeExcite networks and scaled variants (BasedOn chains, loops, bad factors, Phi, own layers):
/// each network ends in generated code or in a CNN00xx error inside its own declaration, never both, never neither,
/// and never an exception or a compile error.
/// </summary>
public class RandomScaledVariantTests
{
    private const int Compilations = 6;
    private const int NetworksPerCompilation = 30;

    [Fact]
    public void Random_variants_end_in_code_or_diagnostics_never_an_exception()
    {
        var random = new Random(20261127);
        int generatedCount = 0, rejectedCount = 0;
        for (int c = 0; c < Compilations; c++)
        {
            var source = new StringBuilder("using CnnDsl;\nnamespace Fuzz;\npublic class Plain { }\n");
            for (int n = 0; n < NetworksPerCompilation; n++) source.Append(RandomNetwork(random, n));

            var (generated, rejected) = CodeOrErrors.Check(source.ToString(), NetworksPerCompilation);
            generatedCount += generated;
            rejectedCount += rejected;
        }
        Assert.True(generatedCount > 30 && rejectedCount > 30, $"generated {generatedCount}, rejected {rejectedCount}");
    }

    private static string RandomNetwork(Random random, int index)
    {
        var text = new StringBuilder();
        text.Append("// begin Net").Append(index).Append('\n');
        var arguments = new List<string>();
        bool variant = random.Next(2) == 0;
        if (variant)
        {
            // Any network of the compilation (earlier, later, itself: chains and loops), or a type that is not one.
            arguments.Add("BasedOn = typeof(" + (random.Next(8) == 0 ? "Plain" : "Net" + random.Next(NetworksPerCompilation)) + ")");
            if (random.Next(10) == 0) arguments.Add("Input = \"8x8x3\"");
        }
        else
        {
            arguments.Add("Input = \"" + random.Next(1, 40) + "x" + random.Next(1, 40) + "x" + random.Next(1, 20) + "\"");
        }
        if (random.Next(3) == 0) arguments.Add("Width = " + Pick(random, "0.5", "1.0", "1.5", "2.0", "0.75", "1.25", "0", "-1", "double.PositiveInfinity"));
        if (random.Next(3) == 0) arguments.Add("Depth = " + Pick(random, "0.5", "1.2", "2.5", "1.0", "1.5", "0", "-2"));
        if (random.Next(3) == 0) arguments.Add("Resolution = " + Pick(random, "5", "8", "33", "16", "24", "1", "0", "-3"));
        if (random.Next(6) == 0) arguments.Add("Phi = " + Pick(random, "1", "2", "-1", "0.5", "double.NaN"));
        text.Append("[Network(").Append(string.Join(", ", arguments)).Append(")]\n");
        int layers = variant ? (random.Next(6) == 0 ? 1 : 0) : random.Next(1, 6);
        for (int i = 0; i < layers; i++) text.Append('[').Append(RandomLayer(random)).Append("]\n");
        text.Append("public partial class Net").Append(index).Append(" { }\n");
        text.Append("// end Net").Append(index).Append('\n');
        return text.ToString();
    }

    // Mostly valid arguments (so that variants of valid bases are common), with every kind of invalid one now and then.
    private static string RandomLayer(Random random) => random.Next(7) switch
    {
        0 => "Conv(" + Count(random) + ", " + Arg(random, "1 3 5", "0") + ", Act = Act.Swish)",
        1 or 2 => "MBConv(" + Count(random) + ", Expansion = " + Arg(random, "1 6 3", "0") + ", Kernel = " + Arg(random, "3 5", "0") + ", Stride = " + Arg(random, "1 2", "0")
            + ", Repeat = " + Arg(random, "1 2 3", "0") + ", SqueezeExcite = " + Arg(random, "0.25 0 4", "-0.5 double.NaN") + ")",
        3 => "SqueezeExcite(" + Arg(random, "0.25 0.01 2", "0 -1") + ", Act = " + Arg(random, "Act.Relu Act.Swish", "(Act)(9)") + ")",
        4 => "GlobalAvgPool",
        5 => "Dense(" + Count(random) + ")",
        _ => "InvertedResidual(" + Count(random) + ", Repeat = " + Arg(random, "1 2", "0") + ")",
    };

    private static string Count(Random random) => Arg(random, random.Next(1, 40).ToString(System.Globalization.CultureInfo.InvariantCulture), "-1");

    /// <summary>One of the space-separated valid values, or one of the invalid ones with probability 1/12.</summary>
    private static string Arg(Random random, string valid, string invalid)
        => Pick(random, (random.Next(12) == 0 ? invalid : valid).Split(' '));

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];
}
