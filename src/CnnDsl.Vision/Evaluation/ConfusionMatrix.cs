using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CnnDsl.Vision;

/// <summary>Counts of (actual class, predicted class) pairs, with per-class precision and recall.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>An empty matrix over <paramref name="classNames"/>.</summary>
    public ConfusionMatrix(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0) throw new ArgumentException("A confusion matrix needs at least one class.", nameof(classNames));
        ClassNames = [.. classNames];
        _counts = new long[classNames.Count, classNames.Count];
    }

    /// <summary>Class names, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Classes.</summary>
    public int Classes => ClassNames.Count;

    /// <summary>Samples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>Counts one sample.</summary>
    public void Add(int actual, int predicted)
    {
        if ((uint)actual >= (uint)Classes || (uint)predicted >= (uint)Classes)
            throw new ArgumentOutOfRangeException(nameof(actual), $"Classes are 0..{Classes - 1}; got actual {actual}, predicted {predicted}.");
        _counts[actual, predicted]++;
        Total++;
    }

    /// <summary>Share of samples on the diagonal (NaN when empty).</summary>
    public double Accuracy => Total == 0 ? double.NaN : Enumerable.Range(0, Classes).Sum(c => _counts[c, c]) / (double)Total;

    /// <summary>Of the samples predicted as <paramref name="c"/>, the share that are <paramref name="c"/> (NaN when none are).</summary>
    public double Precision(int c)
    {
        long predicted = 0;
        for (int a = 0; a < Classes; a++) predicted += _counts[a, c];
        return predicted == 0 ? double.NaN : _counts[c, c] / (double)predicted;
    }

    /// <summary>Of the samples of class <paramref name="c"/>, the share predicted as <paramref name="c"/> (NaN when there are none).</summary>
    public double Recall(int c)
    {
        long actual = 0;
        for (int p = 0; p < Classes; p++) actual += _counts[c, p];
        return actual == 0 ? double.NaN : _counts[c, c] / (double)actual;
    }

    /// <summary>Samples of class <paramref name="c"/>.</summary>
    public long Support(int c)
    {
        long actual = 0;
        for (int p = 0; p < Classes; p++) actual += _counts[c, p];
        return actual;
    }

    /// <summary>A per-class report: precision, recall, support, then the matrix (rows actual, columns predicted).</summary>
    public override string ToString()
    {
        var culture = CultureInfo.InvariantCulture;
        int nameWidth = Math.Max(5, ClassNames.Max(n => n.Length));
        var text = new StringBuilder();
        text.Append(culture, $"{"class".PadRight(nameWidth)}  precision  recall  support\n");
        for (int c = 0; c < Classes; c++)
            text.Append(culture, $"{ClassNames[c].PadRight(nameWidth)}  {Precision(c),9:0.000}  {Recall(c),6:0.000}  {Support(c),7}\n");
        text.Append(culture, $"accuracy {Accuracy:0.0000} over {Total} samples\n");
        int cell = Math.Max(5, _counts.Cast<long>().Max().ToString(culture).Length + 1);
        text.Append(' ', nameWidth);
        for (int p = 0; p < Classes; p++) text.Append(p.ToString(culture).PadLeft(cell));
        text.Append('\n');
        for (int a = 0; a < Classes; a++)
        {
            text.Append(ClassNames[a].PadRight(nameWidth));
            for (int p = 0; p < Classes; p++) text.Append(_counts[a, p].ToString(culture).PadLeft(cell));
            text.Append('\n');
        }
        return text.ToString();
    }
}
