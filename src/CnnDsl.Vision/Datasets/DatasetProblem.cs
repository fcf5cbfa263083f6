namespace CnnDsl.Vision;

/// <summary>A file or folder of a dataset that was skipped, and why.</summary>
/// <param name="Source">The file or folder.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record DatasetProblem(string Source, string Message)
{
    /// <inheritdoc/>
    public override string ToString()
        => Message.StartsWith(Source, System.StringComparison.Ordinal) ? Message : Source + ": " + Message; // decoder messages already name the file
}
