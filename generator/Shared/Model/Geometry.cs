namespace CnnDsl.Model;

/// <summary>Output size and padding of one spatial axis of a convolution or pooling window.</summary>
internal readonly record struct AxisGeometry(int Output, int PadBegin, int PadEnd)
{
    public long PaddedInput(int input) => (long)input + PadBegin + PadEnd;
}

/// <summary>
/// The padding rules, in one place (Same = ONNX SAME_UPPER / TensorFlow SAME; SameLower = ONNX SAME_LOWER; Valid;
/// explicit symmetric or asymmetric).
/// </summary>
internal static class Geometry
{
    /// <summary>
    /// Computes one axis with explicit begin and end padding when both are 0 or more, else by
    /// <paramref name="padding"/>. Returns false when the window does not fit in the padded input.
    /// </summary>
    public static bool TryAxis(int input, int kernel, int stride, Padding padding, int padBegin, int padEnd, out AxisGeometry axis)
    {
        if (padBegin >= 0 && padEnd >= 0)
        {
            long padded = (long)input + padBegin + padEnd;
            axis = new AxisGeometry(padded >= kernel ? (int)((padded - kernel) / stride + 1) : 0, padBegin, padEnd);
            return padded >= kernel;
        }
        return TryAxis(input, kernel, stride, padding, -1, out axis);
    }

    /// <summary>
    /// Computes one axis. Returns false when the window does not fit in the padded input (output would be empty);
    /// <paramref name="axis"/> then still carries the padding, for the error message.
    /// </summary>
    public static bool TryAxis(int input, int kernel, int stride, Padding padding, int explicitPad, out AxisGeometry axis)
    {
        if (explicitPad >= 0)
        {
            long padded = (long)input + 2L * explicitPad;
            axis = new AxisGeometry(padded >= kernel ? (int)((padded - kernel) / stride + 1) : 0, explicitPad, explicitPad);
            return padded >= kernel;
        }

        if (padding == Padding.Same || padding == Padding.SameLower)
        {
            int output = (int)(((long)input + stride - 1) / stride);
            long total = System.Math.Max(((long)output - 1) * stride + kernel - input, 0L);
            // SAME_UPPER puts the odd row at the end, SAME_LOWER at the beginning.
            long small = total / 2, large = total - total / 2;
            bool lower = padding == Padding.SameLower;
            int begin = (int)System.Math.Min(lower ? large : small, int.MaxValue);
            int end = (int)System.Math.Min(lower ? small : large, int.MaxValue);
            axis = new AxisGeometry(output, begin, end);
            return true;
        }

        axis = new AxisGeometry(input >= kernel ? (input - kernel) / stride + 1 : 0, 0, 0);
        return input >= kernel;
    }
}
