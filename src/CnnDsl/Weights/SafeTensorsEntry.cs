using System.Collections.Generic;

namespace CnnDsl;

/// <summary>One tensor listed in a safetensors header.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Dimensions, outermost first (empty for a scalar).</param>
/// <param name="Begin">First byte, relative to the start of the data section.</param>
/// <param name="End">One past the last byte, relative to the start of the data section.</param>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long d in Shape) count *= d;
            return count;
        }
    }

    /// <summary>Bytes in the data section.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The shape as written in messages: [32, 3, 3, 3].</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
