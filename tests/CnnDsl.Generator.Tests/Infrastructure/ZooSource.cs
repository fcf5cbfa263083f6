using System.IO;
using System.Linq;
using System.Reflection;

namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>The source of a zoo network (samples/CnnDsl.Zoo), as the tests compile it.</summary>
internal static class ZooSource
{
    public static string Read(string file)
    {
        string directory = typeof(ZooSource).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "TestProjectDirectory").Value!;
        return File.ReadAllText(Path.Combine(directory, "..", "..", "samples", "CnnDsl.Zoo", file));
    }
}
