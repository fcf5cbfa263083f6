using System;
using System.Runtime.InteropServices;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// Floats in native memory next to a page no access is allowed to (Linux: mmap, then mprotect PROT_NONE): the span ends
/// right before the guard page, or starts right after it, so a kernel reading or writing one float past that end
/// stops the process instead of passing. Elsewhere no guard page, only the floats around the span, which the tests
/// fill with a sentinel and check.
/// </summary>
internal sealed unsafe class GuardedBuffer : IDisposable
{
    private const int ProtNone = 0, ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20;
    private readonly byte* _memory;
    private readonly nuint _bytes;
    private readonly float* _start;
    private readonly bool _guardAfter;

    /// <summary>
    /// <paramref name="length"/> floats whose end (<paramref name="guardAfter"/>) or start touches the guard page;
    /// <paramref name="margin"/> floats on the other side belong to the buffer (<see cref="Margin"/>).
    /// </summary>
    public GuardedBuffer(int length, bool guardAfter, int margin = 64)
    {
        Length = length;
        MarginLength = margin;
        _guardAfter = guardAfter;
        nuint page = (nuint)Environment.SystemPageSize;
        nuint data = ((nuint)(length + margin) * sizeof(float) + page - 1) / page * page;
        _bytes = data + page;
        if (OperatingSystem.IsLinux())
        {
            _memory = (byte*)mmap(null, _bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if ((nint)_memory == -1) throw new InvalidOperationException("mmap failed: " + Marshal.GetLastPInvokeError());
            byte* guard = guardAfter ? _memory + data : _memory;
            if (mprotect(guard, page, ProtNone) != 0) throw new InvalidOperationException("mprotect failed: " + Marshal.GetLastPInvokeError());
            Guarded = true;
        }
        else
        {
            _memory = (byte*)NativeMemory.AlignedAlloc(_bytes, page);
        }
        _start = guardAfter ? (float*)(_memory + data) - length : (float*)(_memory + page);
        Margin.Fill(float.NaN);
    }

    /// <summary>Whether a guard page is really there (Linux).</summary>
    public bool Guarded { get; }

    public int Length { get; }

    private int MarginLength { get; }

    public Span<float> Span => new(_start, Length);

    /// <summary>The floats on the side away from the guard page (before the span when the guard is after it, else after).</summary>
    public Span<float> Margin => _guardAfter ? new Span<float>(_start - MarginLength, MarginLength) : new Span<float>(_start + Length, MarginLength);

    public void Dispose()
    {
        if (OperatingSystem.IsLinux()) munmap(_memory, _bytes);
        else NativeMemory.AlignedFree(_memory);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern void* mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(void* address, nuint length, int protection);

    [DllImport("libc", SetLastError = true)]
    private static extern int munmap(void* address, nuint length);
}
