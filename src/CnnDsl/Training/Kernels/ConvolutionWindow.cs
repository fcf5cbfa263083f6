using System;

namespace CnnDsl.Training;

/// <summary>Index arithmetic of a sliding window along one axis (input = output * stride - pad + tap * dilation), shared by the convolution kernels.</summary>
internal static class ConvolutionWindow
{
    /// <summary>
    /// The output index whose window reaches this input position <paramref name="offset"/> = input + pad - tap * dilation
    /// past its start, or -1 when none does (negative, between strides, or past the last output).
    /// </summary>
    public static int Source(int offset, int stride, int outputs)
    {
        if (offset < 0 || offset % stride != 0) return -1;
        int o = offset / stride;
        return o < outputs ? o : -1;
    }

    /// <summary>Outputs [first, last) whose input <c>output * stride + offset</c> (offset = tap * dilation - pad) lies inside [0, inputs).</summary>
    public static (int First, int Last) Inside(int offset, int stride, int outputs, int inputs)
    {
        int first = 0, last = outputs;
        while (first < outputs && first * stride + offset < 0) first++;
        while (last > first && (last - 1) * stride + offset >= inputs) last--;
        return (first, last);
    }

    /// <summary>
    /// The taps (ky * kW + kx) and output pixels (oy * outW + ox, within one image) whose window reads input pixel
    /// (<paramref name="iy"/>, <paramref name="ix"/>), in tap order; returns how many were written.
    /// </summary>
    public static int Reaching(NodeInfo info, int iy, int ix, Span<int> taps, Span<int> outputs)
    {
        int count = 0;
        for (int ky = 0; ky < info.KernelH; ky++)
        {
            int oy = Source(iy + info.PadTop - ky * info.DilationH, info.StrideH, info.Output.Height);
            if (oy < 0) continue;
            for (int kx = 0; kx < info.KernelW; kx++)
            {
                int ox = Source(ix + info.PadLeft - kx * info.DilationW, info.StrideW, info.Output.Width);
                if (ox < 0) continue;
                taps[count] = ky * info.KernelW + kx;
                outputs[count++] = oy * info.Output.Width + ox;
            }
        }
        return count;
    }
}
