using System;
using System.Threading;

namespace CnnDsl.Tests.Inference;

/// <summary>Warm-up before a count of allocations on the calling thread.</summary>
internal static class WarmUp
{
    /// <summary>
    /// Makes <paramref name="call"/> often enough, with a pause between, that tiered compilation has promoted what it
    /// runs before the count starts: call counting begins only after a quiet spell of about 100 ms and promotes a method
    /// after 30 calls, and the thread that completes a count can allocate a few bytes once. A test that counts right
    /// after two calls can see those bytes (CI saw 1,696 once) and blame the code under test for the runtime's.
    /// </summary>
    public static void PastTieredCompilation(Action call)
    {
        for (int i = 0; i < 40; i++) call();
        Thread.Sleep(250);
        for (int i = 0; i < 40; i++) call();
    }

    /// <summary>Warms <paramref name="call"/> past tiered compilation, then asserts that ten more calls allocate nothing on this thread.</summary>
    public static void AssertAllocatesNothing(Action call)
    {
        PastTieredCompilation(call);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) call();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
