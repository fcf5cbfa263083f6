using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Pins an image and its result while a network made with two threads runs on them: its helper thread addresses them
/// by their addresses (<see cref="TensorRef.At"/>), which a moving garbage collector must not change meanwhile. The
/// generated code is safe C#, so the <c>fixed</c> statement is here. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PinnedSpans
{
    /// <summary>What runs while they are pinned: <paramref name="owner"/>'s code on the image and result at these addresses.</summary>
    public delegate void Body(object owner, nint image, nint result);

    /// <summary>Calls <paramref name="body"/> with the addresses of <paramref name="image"/> and <paramref name="result"/>, pinned until it returns.</summary>
    public static unsafe void Run(ReadOnlySpan<float> image, ReadOnlySpan<float> result, object owner, Body body)
    {
        fixed (float* i = image)
        fixed (float* r = result)
        {
            body(owner, (nint)i, (nint)r);
        }
    }
}
