using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using CnnDsl.Training;

namespace CnnDsl.Vision;

/// <summary>
/// Epochs of training over a <see cref="BatchReader"/> with a <see cref="Trainer"/>, evaluated on a validation reader
/// after each (Keras's <c>fit</c>). When everything before some node is frozen (<see cref="Trainer.FeatureNode"/>)
/// and the training images are not augmented, the frozen prefix runs once per image: the first epoch stores its
/// output, and every later epoch trains from the stored features without reading or decoding an image again. The
/// validation images are cached the same way. Cached epochs shuffle by the same seed and epoch as the reader does.
/// </summary>
public sealed class TrainingLoop
{
    private readonly Trainer _trainer;
    private readonly BatchReader _training;
    private readonly BatchReader? _validation;
    private readonly int _batchSize;
    private readonly List<EpochResult> _history = [];
    private readonly FeatureCache? _trainingCache;
    private readonly FeatureCache? _validationCache;

    /// <summary>A loop that trains <paramref name="trainer"/> on <paramref name="training"/>, in its batch size.</summary>
    /// <param name="trainer">The trainer (its weights are updated in place).</param>
    /// <param name="training">The training images, normalized as the network expects, possibly augmented.</param>
    /// <param name="validation">Held-out images evaluated after each epoch, or null.</param>
    /// <param name="batchSize">Images per step (the readers' own batch size is used to read).</param>
    /// <param name="features">
    /// Optional generated inference code for the frozen prefix: a network <c>From</c> the same backbone <c>Through</c>
    /// the trainer's <see cref="Trainer.FeatureNode"/>, loaded with the same weights. It computes the cached features
    /// several times faster than the trainer's forward pass; without it the trainer computes them.
    /// </param>
    public TrainingLoop(Trainer trainer, BatchReader training, BatchReader? validation = null, int batchSize = 32, INetwork? features = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(training);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
        CheckShape(trainer, training, nameof(training));
        if (validation is not null) CheckShape(trainer, validation, nameof(validation));
        _trainer = trainer;
        _training = training;
        _validation = validation;
        _batchSize = batchSize;
        if (features is not null)
        {
            TensorShape feature = default;
            foreach (var node in trainer.Weights.Graph) if (node.Name == trainer.FeatureNode) feature = node.Output;
            if (trainer.FeatureNode is null || features.InputShape != trainer.Weights.Graph[0].Output || features.OutputShape != feature)
                throw new ArgumentException(trainer.FeatureNode is null
                    ? "A feature network was given, but the trainer has no frozen prefix to cache."
                    : $"The feature network maps {features.InputShape} to {features.OutputShape}, but the trainer's frozen prefix maps {trainer.Weights.Graph[0].Output} to {feature} (the output of '{trainer.FeatureNode}').", nameof(features));
        }
        if (trainer.FeatureNode is not null)
        {
            if (!training.Augments) _trainingCache = new FeatureCache(trainer, training, features);
            if (validation is { Augments: false }) _validationCache = new FeatureCache(trainer, validation, features);
        }
    }

    /// <summary>Whether training epochs run from cached features (a frozen prefix and no augmentation).</summary>
    public bool CachesFeatures => _trainingCache is not null;

    /// <summary>Time spent computing cached features so far (training and validation).</summary>
    public TimeSpan FeatureTime => (_trainingCache?.Time ?? TimeSpan.Zero) + (_validationCache?.Time ?? TimeSpan.Zero);

    /// <summary>The epochs run so far.</summary>
    public IReadOnlyList<EpochResult> History => _history;

    /// <summary>
    /// One epoch: every training image once in a shuffled order (seeded by <paramref name="seed"/> and the epoch), then
    /// the validation set. <paramref name="cancellation"/> stops the epoch after the current batch (then validates),
    /// so a run can be given a time budget.
    /// </summary>
    public EpochResult RunEpoch(int seed, IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default)
    {
        int epoch = _history.Count;
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        int correct = 0, images = 0, total = _training.Count;
        void Account(float loss, int batch)
        {
            lossSum += loss * batch;
            correct += _trainer.LastCorrect;
            images += batch;
            progress?.Report(new BatchProgress(epoch, images, total, lossSum / images, correct / (double)images, images / clock.Elapsed.TotalSeconds));
        }

        if (_trainingCache is not null)
        {
            _trainingCache.Fill(seed);
            foreach (var (features, labels) in _trainingCache.Batches(seed, epoch, _batchSize))
            {
                if (cancellation.IsCancellationRequested) break;
                Account(_trainer.StepOnFeatures(features.Span, labels.Span), labels.Length);
            }
        }
        else
        {
            foreach (var batch in _training.Epoch(seed, epoch))
            {
                for (int start = 0; start < batch.Count && !cancellation.IsCancellationRequested; start += _batchSize)
                {
                    int count = Math.Min(_batchSize, batch.Count - start);
                    var inputs = batch.Inputs.Slice(start * batch.SampleLength, count * batch.SampleLength);
                    Account(_trainer.Step(inputs, batch.Labels.Slice(start, count)), count);
                }
                if (cancellation.IsCancellationRequested) break;
            }
        }
        var time = clock.Elapsed;
        var (validationLoss, validationAccuracy) = Validate(seed);
        var result = new EpochResult(epoch, images, images > 0 ? lossSum / images : double.NaN, images > 0 ? correct / (double)images : double.NaN,
            validationLoss, validationAccuracy, time, _trainingCache is not null);
        _history.Add(result);
        return result;
    }

    /// <summary>Loss and top-1 accuracy on the validation reader in inference mode (NaN, NaN without one).</summary>
    public (double Loss, double Accuracy) Validate(int seed = 0)
    {
        if (_validation is null) return (double.NaN, double.NaN);
        double loss = 0;
        long correct = 0, count = 0;
        void Add(Evaluation e)
        {
            loss += e.Loss * e.Count;
            correct += e.Correct;
            count += e.Count;
        }
        if (_validationCache is not null)
        {
            _validationCache.Fill(seed);
            foreach (var (features, labels) in _validationCache.Batches(seed, -1, _batchSize)) Add(_trainer.EvaluateOnFeatures(features.Span, labels.Span));
        }
        else
        {
            foreach (var batch in _validation.Epoch(seed, shuffle: false)) Add(_trainer.Evaluate(batch.Inputs, batch.Labels));
        }
        return count == 0 ? (double.NaN, double.NaN) : (loss / count, correct / (double)count);
    }

    private static void CheckShape(Trainer trainer, BatchReader reader, string name)
    {
        var input = trainer.Weights.Graph[0].Output;
        if (reader.Dataset.SampleShape != input)
            throw new ArgumentException($"The network reads {input} images but the {name} dataset's samples are {reader.Dataset.SampleShape}.", name);
    }
}
