using System;

namespace CnnDsl.Kernels;

/// <summary>
/// The transforms of a one-dimensional Winograd F(m, r) (Toom-Cook; Lavin and Gray 2016): m outputs of an r-tap
/// correlation from n = m + r - 1 products, y = A^T [(G g) (.) (B^T d)]. Built in double from the interpolation points
/// 0, 1, -1, 2, -2, 1/2, -1/2, 3, -3 (the first n - 1) and infinity: A^T and G are the Vandermonde rows of the points
/// (G divided by each point's Lagrange denominator), and B^T is solved so that the three compose to the correlation
/// exactly; the construction checks that they do, so a wrong (m, r) fails at once instead of computing wrong values.
/// </summary>
internal sealed class WinogradLineMatrices
{
    private static readonly double[] Points = [0, 1, -1, 2, -2, 0.5, -0.5, 3, -3];

    private WinogradLineMatrices(int outputs, int taps)
    {
        Outputs = outputs;
        Taps = taps;
        int n = outputs + taps - 1;
        if (outputs < 1 || taps < 2 || n - 1 > Points.Length)
            throw new ArgumentOutOfRangeException(nameof(outputs), $"F({outputs}, {taps}) needs {n - 1} finite points; at most {Points.Length} are defined.");
        var at = new double[outputs * n];
        var g = new double[n * taps];
        for (int j = 0; j < n - 1; j++)
        {
            double a = Points[j], lagrange = 1;
            for (int l = 0; l < n - 1; l++) if (l != j) lagrange *= a - Points[l];
            for (int i = 0; i < outputs; i++) at[(i * n) + j] = Math.Pow(a, i);
            for (int k = 0; k < taps; k++) g[(j * taps) + k] = Math.Pow(a, k) / lagrange;
        }
        // The point at infinity: the highest coefficients.
        at[((outputs - 1) * n) + n - 1] = 1;
        g[((n - 1) * taps) + taps - 1] = 1;
        Filter = g;
        Output = Array.ConvertAll(at, v => (float)v);
        Input = Array.ConvertAll(SolveInput(at, g, outputs, taps), v => (float)v);
    }

    /// <summary>m.</summary>
    public int Outputs { get; }

    /// <summary>r.</summary>
    public int Taps { get; }

    /// <summary>n = m + r - 1: products per tile.</summary>
    public int Positions => Outputs + Taps - 1;

    /// <summary>G (n x r, row-major, double: the weights are transformed once, at load).</summary>
    public double[] Filter { get; }

    /// <summary>B^T (n x n, row-major).</summary>
    public float[] Input { get; }

    /// <summary>A^T (m x n, row-major).</summary>
    public float[] Output { get; }

    private static readonly WinogradLineMatrices?[] Cache = new WinogradLineMatrices?[(Points.Length + 2) * (Points.Length + 2)];

    /// <summary>F(<paramref name="outputs"/>, <paramref name="taps"/>), built once per process.</summary>
    public static WinogradLineMatrices For(int outputs, int taps)
    {
        int key = (outputs * (Points.Length + 2)) + taps;
        if ((uint)key >= (uint)Cache.Length) return new WinogradLineMatrices(outputs, taps); // throws: too many points
        return Cache[key] ??= new WinogradLineMatrices(outputs, taps);
    }

    /// <summary>
    /// B^T such that sum_j A^T[i,j] G[j,k] B^T[j,l] = 1 when l = i + k, else 0, for every output i, tap k and input l:
    /// for each l a linear system in B^T's column l, solved by its normal equations (n &lt;= 10 unknowns).
    /// </summary>
    private static double[] SolveInput(double[] at, double[] g, int m, int r)
    {
        int n = m + r - 1, rows = m * r;
        var p = new double[rows * n];
        for (int i = 0; i < m; i++)
            for (int k = 0; k < r; k++)
                for (int j = 0; j < n; j++) p[(((i * r) + k) * n) + j] = at[(i * n) + j] * g[(j * r) + k];
        var bt = new double[n * n];
        var normal = new double[n, n + 1];
        for (int l = 0; l < n; l++)
        {
            for (int a = 0; a < n; a++)
            {
                for (int b = 0; b < n; b++)
                {
                    double s = 0;
                    for (int q = 0; q < rows; q++) s += p[(q * n) + a] * p[(q * n) + b];
                    normal[a, b] = s;
                }
                double t = 0;
                for (int i = 0; i < m; i++) if (l - i >= 0 && l - i < r) t += p[(((i * r) + l - i) * n) + a];
                normal[a, n] = t;
            }
            for (int c = 0; c < n; c++)
            {
                int pivot = c;
                for (int q = c + 1; q < n; q++) if (Math.Abs(normal[q, c]) > Math.Abs(normal[pivot, c])) pivot = q;
                for (int b = 0; b <= n; b++) (normal[c, b], normal[pivot, b]) = (normal[pivot, b], normal[c, b]);
                for (int q = 0; q < n; q++)
                {
                    if (q == c) continue;
                    double f = normal[q, c] / normal[c, c];
                    for (int b = c; b <= n; b++) normal[q, b] -= f * normal[c, b];
                }
            }
            for (int j = 0; j < n; j++) bt[(j * n) + l] = normal[j, n] / normal[j, j];
            for (int q = 0; q < rows; q++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += p[(q * n) + j] * bt[(j * n) + l];
                int i = q / r, k = q % r;
                if (Math.Abs(s - (i + k == l ? 1 : 0)) > 1e-9)
                    throw new InvalidOperationException($"Winograd F({m}, {r}): the transforms do not compose to the correlation (output {i}, tap {k}, input {l}: {s}).");
            }
        }
        return bt;
    }
}
