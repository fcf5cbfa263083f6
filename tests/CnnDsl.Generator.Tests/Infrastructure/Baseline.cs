extern alias generator;

using generator::CnnDsl.Generator;
using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>
/// Golden files under Baselines/: generated source is compared with the checked-in copy. Build with
/// <c>-p:AcceptBaselines=true</c> to rewrite them after an intended change (refused on CI).
/// </summary>
internal static class Baseline
{
    private const string VersionPlaceholder = "%VERSION%";

    public static void Verify(string folder, string fileName, string actual)
    {
        actual = Normalize(actual);
        string relative = Path.Combine("Baselines", folder, fileName);
#if ACCEPT_BASELINES
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            throw new InvalidOperationException("AcceptBaselines is refused on CI: golden files are rewritten only on a developer's machine.");
        string target = Path.Combine(ProjectDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, actual);
#else
        string path = Path.Combine(AppContext.BaseDirectory, relative);
        Assert.True(File.Exists(path), $"No golden file {relative}; run the tests once with -p:AcceptBaselines=true and review it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            int line = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
            string expectedLine = line < expectedLines.Length ? expectedLines[line] : "<end of file>";
            string actualLine = line < actualLines.Length ? actualLines[line] : "<end of file>";
            Assert.Fail($"{relative} differs at line {line + 1}:\n  expected: {expectedLine}\n  actual:   {actualLine}\nIf the change is intended, rerun with -p:AcceptBaselines=true and review the diff.");
        }
#endif
    }

    private static string Normalize(string text)
        => text.Replace("\r\n", "\n").Replace("\"" + GeneratorVersion.Value + "\"", "\"" + VersionPlaceholder + "\"");

    private static string ProjectDirectory => typeof(Baseline).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "TestProjectDirectory").Value!;
}
