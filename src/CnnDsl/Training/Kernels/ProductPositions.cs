using System;

namespace CnnDsl.Training;

/// <summary>
/// A list of positions for <see cref="PanelProduct"/>'s indirect product: per position, the offset of its A value past
/// each A row's start and of its B row, with the largest of each so that the product checks its bounds once per call.
/// A thread's scratch: filled, used by a few products, cleared; it never grows.
/// </summary>
internal sealed class ProductPositions
{
    public ProductPositions(int capacity)
    {
        A = new int[capacity];
        B = new int[capacity];
    }

    public int[] A { get; }
    public int[] B { get; }
    public int Count { get; private set; }
    public int MaxA { get; private set; }
    public int MaxB { get; private set; }

    public void Clear()
    {
        Count = 0;
        MaxA = 0;
        MaxB = 0;
    }

    public void Add(int a, int b)
    {
        if (a < 0 || b < 0) throw new ArgumentOutOfRangeException(a < 0 ? nameof(a) : nameof(b), "Offsets are not negative.");
        A[Count] = a;
        B[Count++] = b;
        MaxA = Math.Max(MaxA, a);
        MaxB = Math.Max(MaxB, b);
    }
}
