using System;
using System.Collections.Generic;

namespace CnnDsl.Vision;

/// <summary>
/// AlexNet's PCA colour augmentation (Krizhevsky et al. 2012, section 4.1): with p_i, l_i the eigenvectors and
/// eigenvalues of the 3x3 covariance of RGB pixel values over the training set, each image gets
/// <c>[p1 p2 p3][a1 l1, a2 l2, a3 l3]^T</c> added to every pixel, a_i drawn once per image from N(0, σ) with
/// σ = 0.1. Values are not clamped (the paper does not clamp; a normalization follows).
/// </summary>
public sealed class PcaColorAugmentation : IAugmentation
{
    private readonly double[] _values;
    private readonly double[,] _vectors;

    /// <summary>From a known eigen-decomposition: <paramref name="eigenvalues"/> and unit <paramref name="eigenvectors"/> (columns).</summary>
    public PcaColorAugmentation(IReadOnlyList<double> eigenvalues, double[,] eigenvectors, double sigma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        ArgumentNullException.ThrowIfNull(eigenvectors);
        if (eigenvalues.Count != 3 || eigenvectors.GetLength(0) != 3 || eigenvectors.GetLength(1) != 3)
            throw new ArgumentException("PCA colour augmentation needs 3 eigenvalues and a 3x3 eigenvector matrix (RGB).", nameof(eigenvectors));
        if (!(sigma >= 0)) throw new ArgumentOutOfRangeException(nameof(sigma), $"sigma cannot be negative; got {sigma}.");
        _values = [eigenvalues[0], eigenvalues[1], eigenvalues[2]];
        _vectors = (double[,])eigenvectors.Clone();
        Sigma = sigma;
    }

    /// <summary>Fits the RGB covariance over every pixel of <paramref name="images"/> (values 0..255) and decomposes it.</summary>
    public static PcaColorAugmentation Fit(IEnumerable<ImageData> images, double sigma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(images);
        Span<double> sum = stackalloc double[3];
        var products = new double[3, 3];
        long count = 0;
        foreach (var image in images)
        {
            if (image.Channels != 3) throw new ArgumentException($"PCA colour statistics need RGB images; one has {image.Channels} channels.", nameof(images));
            ReadOnlySpan<float> p = image.Pixels;
            for (int i = 0; i < p.Length; i += 3)
            {
                for (int a = 0; a < 3; a++)
                {
                    sum[a] += p[i + a];
                    for (int b = 0; b < 3; b++) products[a, b] += (double)p[i + a] * p[i + b];
                }
            }
            count += p.Length / 3;
        }
        if (count < 2) throw new ArgumentException("PCA colour statistics need at least two pixels.", nameof(images));
        var covariance = new double[3, 3];
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) covariance[a, b] = (products[a, b] - sum[a] * sum[b] / count) / (count - 1);
        var (values, vectors) = SymmetricEigen.Decompose3(covariance);
        return new PcaColorAugmentation(values, vectors, sigma);
    }

    /// <summary>Eigenvalues l_i of the RGB covariance, largest first.</summary>
    public IReadOnlyList<double> Eigenvalues => _values;

    /// <summary>Unit eigenvectors p_i as columns: <c>Eigenvector(i)[c]</c> = this[c, i].</summary>
    public double Eigenvector(int i, int c) => _vectors[c, i];

    /// <summary>Standard deviation of the a_i.</summary>
    public double Sigma { get; }

    /// <summary>Draws one image's RGB shift <c>sum_i p_i a_i l_i</c> into <paramref name="shift"/> (3 values).</summary>
    public void DrawShift(Random random, Span<float> shift)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<double> alpha = stackalloc double[3];
        for (int i = 0; i < 3; i++) alpha[i] = Sigma * Gaussian.Next(random);
        for (int c = 0; c < 3; c++)
        {
            double s = 0;
            for (int i = 0; i < 3; i++) s += _vectors[c, i] * alpha[i] * _values[i];
            shift[c] = (float)s;
        }
    }

    /// <inheritdoc/>
    public void Apply(ImageData image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels != 3) throw new ArgumentException($"PCA colour augmentation needs an RGB image; this one has {image.Channels} channels.", nameof(image));
        Span<float> shift = stackalloc float[3];
        DrawShift(random, shift);
        Span<float> p = image.Pixels;
        for (int i = 0; i < p.Length; i += 3)
        {
            p[i] += shift[0];
            p[i + 1] += shift[1];
            p[i + 2] += shift[2];
        }
    }
}
