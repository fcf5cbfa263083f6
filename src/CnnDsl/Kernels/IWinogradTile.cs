namespace CnnDsl.Kernels;

/// <summary>
/// The part of a Winograd F(mxm,3x3) convolution that depends on the output tile's size m: the input transform
/// (V = B^T d B of each (m+2)x(m+2) input tile) and the output transform (A^T M A, then the layer's epilogue).
/// <see cref="WinogradBands"/> runs the rest (bands, scratch, the per-position matrix multiplies) the same for every
/// size. Implemented by structs, so the JIT compiles each size's transforms into the band loop.
/// </summary>
internal interface IWinogradTile
{
    /// <summary>Output rows and columns per tile (m).</summary>
    static abstract int Size { get; }

    /// <summary>Transformed positions per tile, (m+2)^2.</summary>
    static abstract int Positions { get; }

    /// <summary>
    /// V = B^T d B for tiles t0..t0+n (of <paramref name="columns"/> per tile row), input channels c0..c1 (whole
    /// vectors), into v[position][slot][channel] (a position every <paramref name="step"/> floats),
    /// reading zeros outside the input. <paramref name="work"/> holds Positions vectors.
    /// </summary>
    static abstract void TransformInput<TV, TO>(in WinogradLayer l, ref float input, ref float v, ref float work,
        int t0, int n, nint step, int columns, int c0, int c1) where TV : struct where TO : struct, IVectorOps<TV>;

    /// <summary>
    /// Y = A^T M A for tiles t0..t0+n and output channels c0..c1 (whole vectors) from m[position][slot][channel] (a
    /// position every <paramref name="step"/> floats, a slot every <paramref name="padded"/>), plus the shift, then
    /// <see cref="WinogradBands.Finish"/> for each value inside the output.
    /// </summary>
    static abstract void TransformOutput<TV, TO>(in WinogradLayer l, ref float m, ref float output, ref float residual, ref float shifts, ref float work,
        int t0, int n, nint step, int columns, int padded, int c0, int c1) where TV : struct where TO : struct, IVectorOps<TV>;
}
