namespace CnnDsl;

/// <summary>How a convolution or pooling layer pads its input.</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
enum Padding
{
    /// <summary>Output size = ceil(input / stride); odd padding goes at the end (ONNX <c>SAME_UPPER</c>, TensorFlow <c>SAME</c>).</summary>
    Same = 0,

    /// <summary>No padding: output size = floor((input - kernel) / stride) + 1.</summary>
    Valid = 1,

    /// <summary>Output size = ceil(input / stride); odd padding goes at the beginning (ONNX <c>SAME_LOWER</c>).</summary>
    SameLower = 2,
}
