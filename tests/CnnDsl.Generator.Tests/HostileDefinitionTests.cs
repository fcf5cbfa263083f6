extern alias generator;

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Valid or nearly valid C# that a hostile but fair user writes: the generator never throws and never emits code that
/// does not compile; each definition becomes working code or a CNN diagnostic on the spot, with no follow-on noise.
/// </summary>
public class HostileDefinitionTests
{
    private const string Layers = "[Conv(8, 3, Act = Act.Relu)]\n[GlobalAvgPool]\n[Dense(4)]\n";

    private static string Net(string declaration, string input = "8x8x3") => "[Network(Input = \"" + input + "\")]\n" + Layers + declaration + "\n";

    [Fact]
    public void Names_differing_only_in_case_each_get_their_code()
    {
        var result = Run("namespace N;\n" + Net("public partial class Net { }") + Net("public partial class NET { }") + Net("public partial class Other { }"));
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.HintNames.Count);
        AssertMembers(result, "N.Net", "N.NET", "N.Other");
    }

    [Fact]
    public void Generic_networks_are_a_diagnostic_and_their_non_generic_namesake_gets_its_code()
    {
        var result = Run("namespace N;\n" + Net("public partial class G { }") + Net("public partial class G<T> { }") + Net("public partial class G<T, U> { }"));
        Assert.Equal(new[] { "CNN0030" }, result.Errors);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "CNN0030"));
        AssertMembers(result, "N.G");
    }

    [Fact]
    public void Nested_networks_in_generic_containers_of_different_arity_each_get_their_code()
    {
        var result = Run("namespace N;\npublic partial class Outer<T> {\n" + Net("public partial class Net { }") + "}\npublic partial class Outer<T, U> {\n" + Net("public partial class Net { }") + "}\n");
        Assert.Empty(result.Errors);
        AssertMembers(result, "N.Outer`1+Net", "N.Outer`2+Net");
    }

    [Fact]
    public void A_network_attribute_on_two_partial_declarations_is_the_compilers_error_only()
    {
        var result = Run(Net("public partial class Twice { }") + "[Network(Input = \"8x8x3\")]\npublic partial class Twice { }\n");
        Assert.Equal(new[] { "CS0579" }, result.Errors);
    }

    [Fact]
    public void A_class_named_with_a_keyword_gets_working_code()
    {
        var result = Run("namespace @namespace;\npublic partial class @struct {\n" + Net("public partial class @class { }") + "}\n");
        Assert.Empty(result.Errors);
        AssertMembers(result, "namespace.struct+class");
    }

    [Theory]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    [InlineData('\u0085')]
    [InlineData('\r')]
    public void A_layer_name_with_a_line_break_gets_working_code(char lineBreak)
    {
        // Written as an escape in the C# source (a raw line break would end the string literal there).
        string name = "a\\u" + ((int)lineBreak).ToString("x4", CultureInfo.InvariantCulture) + "b";
        var result = Run("[Network(Input = \"8x8x3\")]\n[Conv(8, 3, Name = \"" + name + "\")]\n[GlobalAvgPool]\npublic partial class Breaks { }\n");
        Assert.Empty(result.Errors);
        AssertMembers(result, "Breaks");
    }

    [Theory]
    [InlineData("Merge = (Merge)77", "CNN0010")]
    [InlineData("Act = (Act)42", "CNN0010")]
    public void Undefined_enum_values_on_a_block_are_a_diagnostic(string argument, string id)
    {
        var result = Run("[Block(" + argument + ")]\npublic class Bk {\n[Conv(8, 3)] public object A => null!;\n[Conv(8, 3)] public object B => null!;\n}\n"
            + "[Network(Input = \"8x8x3\")]\n[Use<Bk>]\npublic partial class UsesBk { }\n");
        // Once on the block itself, once where the network uses it.
        Assert.Equal(new[] { id, "CNN0014" }, result.Errors);
    }

    [Theory]
    [InlineData("public static partial class Static { }")]
    [InlineData("file partial class FileLocal { }")]
    public void Class_kinds_that_cannot_take_the_generated_members_are_a_diagnostic(string declaration)
    {
        var result = Run(Net(declaration));
        Assert.Equal(new[] { "CNN0030" }, result.Errors);
        Assert.Empty(result.HintNames);
    }

    [Theory]
    [InlineData("public void Forward() { }")]
    [InlineData("public int Weights;")]
    [InlineData("public const int InputLength = 3;")]
    [InlineData("public static string Summary() => \"\";")]
    [InlineData("private class Layers { }")]
    // Not a member, but Run names the generated file's Layer<TV, TO>, which this would hide.
    [InlineData("private static class Layer<TV, TO> { }")]
    public void User_members_named_like_generated_ones_are_a_diagnostic(string member)
    {
        var result = Run(Net("public partial class Clash { " + member + " }"));
        Assert.Equal(new[] { "CNN0031" }, result.Errors);
        Assert.Empty(result.HintNames);
    }

    [Theory]
    [InlineData("Weights")]
    [InlineData("Forward")]
    [InlineData("Summary")]
    public void Networks_named_like_a_generated_member_are_a_diagnostic(string name)
    {
        var result = Run(Net("public partial class " + name + " { }"));
        Assert.Equal(new[] { "CNN0031" }, result.Errors);
        Assert.Empty(result.HintNames);
    }

    [Fact]
    public void Layers_on_two_partial_declarations_are_a_diagnostic()
    {
        var result = Run(Net("public partial class Split { }") + "[Conv(4, 1)]\npublic partial class Split { }\n");
        Assert.Equal(new[] { "CNN0032" }, result.Errors);
        Assert.Empty(result.HintNames);
    }

    [Fact]
    public void Layers_on_one_of_two_partial_declarations_are_fine()
    {
        var result = Run(Net("public partial class Split { }") + "public partial class Split { public int Extra; }\n");
        Assert.Empty(result.Errors);
        AssertMembers(result, "Split");
    }

    [Fact]
    public void Duplicate_layer_names_are_a_diagnostic()
    {
        var result = Run("[Network(Input = \"8x8x3\")]\n[Conv(8, 3, Name = \"a\")]\n[Conv(8, 3, Name = \"a\")]\npublic partial class Dup { }\n");
        Assert.Equal(new[] { "CNN0033" }, result.Errors);
        Assert.Empty(result.HintNames);
    }

    [Fact]
    public void Duplicate_layer_names_inside_a_block_branch_are_a_diagnostic()
    {
        var result = Run("[Block]\npublic class Bk {\n[Conv(8, 3, Name = \"c\")]\n[Conv(8, 3, Name = \"c\")]\npublic object A => null!;\n}\n"
            + "[Network(Input = \"8x8x3\")]\n[Use<Bk>]\npublic partial class UsesBk { }\n");
        Assert.Equal(new[] { "CNN0014", "CNN0033" }, result.Errors);
    }

    [Theory]
    [InlineData("[Conv(filters, 3)]", "CS0103")]
    [InlineData("[Conv(Filters, 3)]", "CS0120")]
    [InlineData("[Conv(8, 3, Strid = 2)]", "CS0246")]
    [InlineData("[Conv(8, kernal: 3)]", "CS1739")]
    public void A_broken_argument_is_the_compilers_error_only(string layer, string compilerError)
    {
        var result = Run("[Network(Input = \"8x8x3\")]\n" + layer + "\npublic partial class Broken { public int Filters => 8; }\n");
        Assert.Contains(compilerError, result.Errors);
        Assert.DoesNotContain(result.Errors, id => id.StartsWith("CNN", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_constant_input_is_the_compilers_error_only()
    {
        var result = Run("[Network(Input = Shape)]\n" + Layers + "public partial class Broken { public static string Shape => \"8x8x3\"; }\n");
        Assert.NotEmpty(result.Errors);
        Assert.DoesNotContain(result.Errors, id => id.StartsWith("CNN", StringComparison.Ordinal));
    }

    [Fact]
    public void Using_an_array_type_names_it()
    {
        var result = Run("[Block]\npublic class Bk { [Conv(8, 3)] public object A => null!; }\n[Network(Input = \"8x8x3\")]\n[Use<Bk[]>]\npublic partial class UsesArray { }\n");
        var error = Assert.Single(result.Diagnostics, d => d.Id == "CNN0008");
        Assert.Contains("'Bk[]'", error.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_generated_member_name_is_known_to_the_conflict_check()
    {
        // Networks covering every kind of generated member: convolutions with batch norm, depthwise, pooling,
        // concatenation, residual adds, squeeze-and-excitation, a batch norm of its own, dense layers.
        var outcome = GeneratorHarness.Run(ZooSource.Read("GoogLeNet.cs"), ZooSource.Read("MobileNetV2.cs"), ZooSource.Read("ResNet18.cs"),
            "using CnnDsl;\n[Network(Input = \"16x16x8\")]\n[MBConv(16, Stride = 2)]\n[AvgPool(2)]\n[BatchNorm]\n[Flatten]\n[Dropout(0.2)]\n[Dense(10, Act = Act.Softmax)]\npublic partial class Mixed { }\n");
        var generated = outcome.Sources.Select(s => s.SyntaxTree).ToList();
        Assert.True(generated.Count >= 4);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in generated)
        {
            var network = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
                .First(c => c.AttributeLists.ToString().Contains("GeneratedCode", StringComparison.Ordinal));
            foreach (var member in network.Members)
            {
                foreach (var name in MemberNames(member)) names.Add(name);
            }
        }
        Assert.Contains("_scales", string.Join(" ", names), StringComparison.Ordinal);
        Assert.All(names, name => Assert.True(generator::CnnDsl.Reading.GeneratedMembers.IsGenerated(name), name + " is generated but unknown to the check"));
    }

    private static IEnumerable<string> MemberNames(Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax member) => member switch
    {
        Microsoft.CodeAnalysis.CSharp.Syntax.BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
        Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax type => new[] { type.Identifier.ValueText },
        Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax => Array.Empty<string>(),
        _ => new[] { member.ToString() },
    };

    private sealed record Outcome(IReadOnlyList<string> HintNames, IReadOnlyList<string> Errors, IReadOnlyList<Diagnostic> Diagnostics, Compilation Output);

    /// <summary>Generator and analyzers on <paramref name="source"/>: nothing thrown, and no error in generated code.</summary>
    private static Outcome Run(string source)
    {
        var outcome = GeneratorHarness.Run("using CnnDsl;\n" + source);
        var run = outcome.Result.Results.Single();
        Assert.Null(run.Exception);
        Assert.Empty(outcome.GeneratorDiagnostics);
        var diagnostics = GeneratorHarness.Analyze(outcome.Output);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "CS8785");
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.DoesNotContain(errors, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        return new Outcome(run.GeneratedSources.Select(s => s.HintName).ToList(),
            errors.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList(), diagnostics, outcome.Output);
    }

    /// <summary>Each named type (metadata name) got the generated members, e.g. its Forward method.</summary>
    private static void AssertMembers(Outcome result, params string[] metadataNames)
    {
        foreach (var name in metadataNames)
        {
            var type = result.Output.GetTypeByMetadataName(name);
            Assert.True(type is not null, name + " not found");
            Assert.True(type!.GetMembers("Forward").Length > 0, name + " has no generated Forward");
        }
    }
}
