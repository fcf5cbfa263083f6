using System.Threading;

namespace CnnDsl.Model;

internal sealed partial class NetworkBuilder
{
    private static long s_builds;

    /// <summary>Models built by this assembly so far: the analyzer timing test reports builds per edit from it.</summary>
    internal static long Builds => Interlocked.Read(ref s_builds);

    private NetworkBuilder Counted()
    {
        Interlocked.Increment(ref s_builds);
        return this;
    }
}
