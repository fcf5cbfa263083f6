using System;

namespace CnnDsl.Vision;

/// <summary>Eigen-decomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations (exact to rounding; no library needed for 3x3).</summary>
internal static class SymmetricEigen
{
    /// <summary>Eigenvalues, largest first, and unit eigenvectors as the matching columns.</summary>
    public static (double[] Values, double[,] Vectors) Decompose3(double[,] matrix)
    {
        var a = (double[,])matrix.Clone();
        var v = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            double scale = Math.Abs(a[0, 0]) + Math.Abs(a[1, 1]) + Math.Abs(a[2, 2]);
            if (off <= 1e-15 * Math.Max(scale, double.Epsilon)) break;
            for (int p = 0; p < 2; p++)
            {
                for (int q = p + 1; q < 3; q++)
                {
                    if (a[p, q] == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < 3; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        int[] order = [0, 1, 2];
        Array.Sort(order, (i, j) => a[j, j].CompareTo(a[i, i]));
        var values = new double[3];
        var vectors = new double[3, 3];
        for (int col = 0; col < 3; col++)
        {
            values[col] = a[order[col], order[col]];
            for (int r = 0; r < 3; r++) vectors[r, col] = v[r, order[col]];
        }
        return (values, vectors);
    }
}
