using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace CnnDsl.Oracles;

/// <summary>
/// An ONNX Runtime session over a model with one NHWC float input and one NHWC float output (as the CnnDsl exporter
/// writes them), with a fixed number of intra-op threads. Reusable: the benchmark creates it once and runs it often.
/// </summary>
public sealed class OnnxRuntimeSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly string _outputName;

    /// <summary>Loads <paramref name="onnxModel"/> for images of <paramref name="inputShape"/>.</summary>
    /// <param name="onnxModel">A serialized ONNX model.</param>
    /// <param name="inputShape">One image's NHWC shape.</param>
    /// <param name="intraOpThreads">Threads ONNX Runtime may use inside one operator (1 = single-threaded).</param>
    public OnnxRuntimeSession(byte[] onnxModel, TensorShape inputShape, int intraOpThreads = 1)
        // Spinning threads would steal the one core the single-threaded comparison is about.
        : this(onnxModel, inputShape, intraOpThreads, intraOpThreads == 1 ? IntraOpSpinning.Off : IntraOpSpinning.Default)
    {
    }

    /// <summary>Loads <paramref name="onnxModel"/> for images of <paramref name="inputShape"/>, with the intra-op threads waiting as <paramref name="spinning"/> says.</summary>
    /// <param name="onnxModel">A serialized ONNX model.</param>
    /// <param name="inputShape">One image's NHWC shape.</param>
    /// <param name="intraOpThreads">Threads ONNX Runtime may use inside one operator (1 = single-threaded).</param>
    /// <param name="spinning">Whether idle intra-op threads spin, and when they stop.</param>
    public OnnxRuntimeSession(byte[] onnxModel, TensorShape inputShape, int intraOpThreads, IntraOpSpinning spinning)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        if (!Enum.IsDefined(spinning)) throw new ArgumentOutOfRangeException(nameof(spinning), spinning, "Expected Default, DuringRun or Off.");
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (spinning == IntraOpSpinning.Off) options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        if (spinning == IntraOpSpinning.DuringRun) options.AddSessionConfigEntry("session.force_spinning_stop", "1");
        Spinning = spinning;
        _session = new InferenceSession(onnxModel, options);
        if (_session.InputMetadata.Count != 1 || _session.OutputMetadata.Count != 1)
        {
            _session.Dispose();
            throw new ArgumentException("The model must have exactly one input and one output.", nameof(onnxModel));
        }
        _inputName = _session.InputMetadata.Keys.Single();
        _outputName = _session.OutputMetadata.Keys.Single();
        InputShape = inputShape;
        OutputShape = ShapeOf(_session.OutputMetadata[_outputName].Dimensions, "output");
        var declaredInput = ShapeOf(_session.InputMetadata[_inputName].Dimensions, "input");
        if (declaredInput != inputShape)
        {
            _session.Dispose();
            throw new ArgumentException($"The model's input is {declaredInput} per image, not {inputShape}.", nameof(inputShape));
        }
    }

    /// <summary>How the intra-op threads wait for work.</summary>
    public IntraOpSpinning Spinning { get; }

    /// <summary>One image's input shape (NHWC).</summary>
    public TensorShape InputShape { get; }

    /// <summary>One image's output shape (NHWC).</summary>
    public TensorShape OutputShape { get; }

    /// <summary>Runs <paramref name="batch"/> images and returns the NHWC outputs.</summary>
    public float[] Run(ReadOnlySpan<float> input, int batch)
    {
        var inputArray = input.ToArray();
        var output = new float[(long)batch * OutputShape.Length];
        Run(inputArray, batch, output);
        return output;
    }

    /// <summary>Runs <paramref name="batch"/> images from <paramref name="input"/> into <paramref name="output"/> without allocating tensors' data.</summary>
    public void Run(float[] input, int batch, float[] output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        CheckLength(input.Length, batch, InputShape, nameof(input));
        CheckLength(output.Length, batch, OutputShape, nameof(output));
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [batch, InputShape.Height, InputShape.Width, InputShape.Channels]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [batch, OutputShape.Height, OutputShape.Width, OutputShape.Channels]);
        _session.Run(_runOptions, [_inputName], [inputValue], [_outputName], [outputValue]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static void CheckLength(int length, int batch, TensorShape shape, string parameter)
    {
        if (length != (long)batch * shape.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The {parameter} must hold {batch} x {shape} = {(long)batch * shape.Length} values, but it holds {length}."), parameter);
        }
    }

    private static TensorShape ShapeOf(IReadOnlyList<int> dims, string what)
    {
        if (dims.Count != 4 || dims.Skip(1).Any(d => d < 1))
        {
            throw new ArgumentException($"The model's {what} must be NHWC [N, H, W, C] with fixed H, W and C, but it is [{string.Join(", ", dims)}].");
        }
        return new TensorShape(dims[1], dims[2], dims[3]);
    }
}
