using System;
using System.Collections.Generic;

namespace CnnDsl.Vision;

/// <summary>
/// A labelled image collection of one sample shape. <see cref="Load"/> writes one sample's decoded pixels (0..255,
/// HWC) and throws an <see cref="System.IO.InvalidDataException"/> naming the sample's file when it cannot;
/// <see cref="BatchReader"/> reports such a sample in <see cref="Problems"/> and goes on with the rest.
/// </summary>
public interface IImageDataset
{
    /// <summary>Samples.</summary>
    int Count { get; }

    /// <summary>The shape every sample is loaded in.</summary>
    TensorShape SampleShape { get; }

    /// <summary>Class names; a label is an index into this list.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Problems found so far (unreadable files, empty class folders), in the order found.</summary>
    IReadOnlyList<DatasetProblem> Problems { get; }

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    int LabelOf(int index);

    /// <summary>Where sample <paramref name="index"/> comes from (a path, or a file and record number).</summary>
    string Describe(int index);

    /// <summary>Writes sample <paramref name="index"/> (<see cref="SampleShape"/>, values 0..255) into <paramref name="target"/>.</summary>
    void Load(int index, Span<float> target);

    /// <summary>Records a problem with a sample found while reading it.</summary>
    void Report(DatasetProblem problem);
}
