namespace CnnDsl.Model;

/// <summary>
/// The window a layer asks for before its input is known: kernel (or pooling window) sides, strides and dilations
/// per axis, and the constructor parameter names errors about its sides are reported on.
/// </summary>
internal readonly record struct WindowArguments(int KernelH, int KernelW, int StrideH, int StrideW, int DilationH = 1, int DilationW = 1)
{
    /// <summary>A square kernel with one stride, as the composite layers use.</summary>
    public static WindowArguments Square(int kernel, int stride) => new(kernel, kernel, stride, stride);

    /// <summary>
    /// The constructor parameter holding the side of <paramref name="vertical"/> axis: "kernel" for a square
    /// kernel (written once), else "kernelH" or "kernelW" (<paramref name="parameter"/> "size" for pools).
    /// </summary>
    public string Argument(string parameter, bool vertical)
        => KernelH == KernelW ? parameter : parameter + (vertical ? "H" : "W");

    /// <summary>The stride property an error about strides is reported on.</summary>
    public string StrideArgument => StrideH == StrideW ? "Stride" : StrideH > StrideW ? "StrideH" : "StrideW";
}
