using System.Linq;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnDsl.Generator.Tests;

/// <summary>A scaled variant is generated from its base's layers, and follows edits made only to the base's file.</summary>
public class ScaledVariantGenerationTests
{
    private const string BaseSource = """
        using CnnDsl;
        [Network(Input = "8x8x3")]
        [Conv(8, 1)]
        public partial class Base { }
        """;

    private const string VariantSource = """
        using CnnDsl;
        [Network(BasedOn = typeof(Base), Width = 2, Resolution = 16)]
        public partial class Wide { }
        """;

    [Fact]
    public void Variant_follows_an_edit_to_the_base_file_only()
    {
        var compilation = GeneratorHarness.Compile(BaseSource, VariantSource);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        // 1x1 conv, 3 -> round_filters(8, 2) = 16 at 16x16: 256 * 3 * 16 = 12,288.
        Assert.Contains("MultiplyAdds = 12_288L;", Generated(driver, "Wide"));

        var oldTree = compilation.SyntaxTrees.First();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(BaseSource.Replace("[Conv(8, 1)]", "[Conv(12, 1)]")));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        // round_filters(12, 2) = 24: 256 * 3 * 24 = 18,432.
        Assert.Contains("MultiplyAdds = 18_432L;", Generated(driver, "Wide"));
    }

    private static string Generated(Microsoft.CodeAnalysis.GeneratorDriver driver, string className)
        => driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == className + ".g.cs").SourceText.ToString();
}
