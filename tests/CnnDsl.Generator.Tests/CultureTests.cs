using System.Globalization;
using System.Linq;
using CnnDsl.Generator.Tests.Infrastructure;

namespace CnnDsl.Generator.Tests;

/// <summary>Generated code must not depend on the build machine's culture (a U+2212 minus or a comma decimal would break it).</summary>
public class CultureTests
{
    [Fact]
    public void Output_is_identical_under_a_hostile_culture()
    {
        const string source = """
            using CnnDsl;
            [Network(Input = "20x20x3")]
            [Conv(10000, 3, Stride = 2, Act = Act.Relu)]
            [BatchNorm(Epsilon = 0.001f)]
            [Dropout(0.125)]
            [GlobalAvgPool]
            [Dense(1000)]
            public partial class Big { }
            """;
        string invariant = Generate(source);

        var hostile = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        hostile.NumberFormat.NegativeSign = "\u2212";
        hostile.NumberFormat.NumberDecimalSeparator = ",";
        hostile.NumberFormat.NumberGroupSeparator = ".";
        hostile.NumberFormat.PercentDecimalSeparator = ",";
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = hostile;
            CultureInfo.CurrentUICulture = hostile;
            Assert.Equal(invariant, Generate(source));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = saved;
        }
        Assert.Contains(" eps0.001", invariant); // the batch norm's Graph row
        Assert.Contains("1,000", invariant);
    }

    private static string Generate(string source)
        => GeneratorHarness.Run(source).Sources.Single().SourceText.ToString();
}
