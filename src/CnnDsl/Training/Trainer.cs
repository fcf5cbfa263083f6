using System;
using System.Collections.Generic;
using System.Globalization;

namespace CnnDsl.Training;

/// <summary>
/// Trains any network from its runtime description (the <see cref="NetworkWeights.Graph"/> and tensors of its generated
/// <c>Weights</c>), float32, NHWC. <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{int})"/> runs forward in training
/// mode keeping what each backward needs, the loss, backward, and the optimizer update. The weights are updated in
/// place in the <see cref="NetworkWeights"/> object (always current: save them, export them, or build a new inference
/// instance from them). A step is deterministic for a seed whatever <see cref="TrainingOptions.Threads"/>: work is split
/// into independent items and every sum across images is made in image order. After the first step of the largest
/// batch, steps allocate nothing. Activations and gradients live in the slots of a <see cref="TrainingPlan"/>: only
/// what a backward reads is kept, and buffers that live at different times share a slot (a generated network's
/// <c>Training</c> type passes the plan made at compile time; otherwise it is made here, by the same planner).
/// Bad input throws before anything changes; a non-finite loss or gradient throws
/// <see cref="NonFiniteTrainingException"/> with the weights and running statistics as they were.
/// Not thread-safe: one step at a time.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainingNode[] _nodes;
    private readonly List<Parameter> _parameters = new();
    private readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);
    private readonly List<string> _generated = new();
    private readonly List<string> _generatedWeightGradients = new();
    private readonly TrainingRun _run;
    private readonly WorkerPool _pool;
    private readonly LossStage _loss;
    private readonly int _imageLength;
    private readonly int _featureNode;
    private readonly int[] _clearedAt;
    private float[][] _slots = Array.Empty<float[]>();
    private int _capacity;
    private int _lastBatch;
    private bool _disposed;

    /// <summary>Builds the training kernels for <paramref name="weights"/>' graph.</summary>
    /// <exception cref="ArgumentException">An option is out of range, a frozen entry names nothing, or the graph has an operation training does not support.</exception>
    public Trainer(NetworkWeights weights, TrainingOptions? options = null)
        : this(weights, options, null)
    {
    }

    /// <summary>
    /// Builds the trainer on <paramref name="plan"/> (a generated network's compile-time plan) when it was made for the
    /// same trained parameters and input-gradient choice as <paramref name="options"/>, else on a plan made here.
    /// </summary>
    /// <exception cref="ArgumentException">The plan was made for these assumptions but cannot hold this graph's buffers (a stale generated table).</exception>
    internal Trainer(NetworkWeights weights, TrainingOptions? options, TrainingPlan? plan)
        : this(weights, options, plan, null)
    {
    }

    /// <summary>
    /// As <see cref="Trainer(NetworkWeights, TrainingOptions?, TrainingPlan?)"/>, with <paramref name="layers"/> giving
    /// a generated network's training layer for a node id (null where the trainer's own kernels run the node).
    /// </summary>
    /// <exception cref="ArgumentException">A generated layer does not match its node (a stale generated table).</exception>
    internal Trainer(NetworkWeights weights, TrainingOptions? options, TrainingPlan? plan, Func<int, TrainingLayer?>? layers)
    {
        Weights = weights ?? throw new ArgumentNullException(nameof(weights));
        Options = options ??= new TrainingOptions();
        Validate(options);
        var graph = weights.Graph;
        if (graph.Count < 2 || graph[0].Op != Op.Input) throw new ArgumentException("The graph must start with its input node and have at least one operation.", nameof(weights));
        _imageLength = graph[0].Output.Length;

        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in weights.Tensors)
        {
            bool statistic = tensor.Name.EndsWith(".running_mean", StringComparison.Ordinal) || tensor.Name.EndsWith(".running_var", StringComparison.Ordinal);
            bool frozen = statistic || IsFrozen(tensor, graph, options.Frozen, used);
            var parameter = new Parameter(tensor, weights[tensor.Name], frozen);
            _byName.Add(tensor.Name, parameter);
            if (!statistic) _parameters.Add(parameter);
        }
        foreach (string entry in options.Frozen)
        {
            if (!used.Contains(entry))
                throw new ArgumentException($"The frozen entry '{entry}' names no tensor and prefixes no node name of this network (nodes include '{graph[1].Name}').", nameof(options));
        }

        // Convolutions train in every form (groups, dilation); other operations have no dilation or groups to train.
        foreach (var node in graph)
        {
            if (node.Op is not (Op.Conv or Op.DepthwiseConv) && (node.Groups != 1 || node.DilationH != 1 || node.DilationW != 1))
                throw new ArgumentException($"Node {node.Label} ({node.Op}) has groups or dilation, which only convolutions have.", nameof(weights));
        }

        // Generated layers checked against their nodes before any thread starts: a stale table throws with nothing made.
        var generated = new TrainingLayer?[graph.Count];
        for (int id = 0; id < graph.Count && layers is not null; id++)
        {
            generated[id] = layers(id);
            generated[id]?.Check(graph[id]);
        }

        _pool = new WorkerPool(options.Threads);
        _run = new TrainingRun(_pool, options.Seed);
        _nodes = new TrainingNode[graph.Count];
        for (int id = 0; id < graph.Count; id++)
        {
            var info = graph[id];
            if (info.Id != id) throw new ArgumentException($"Node '{info.Name}' has id {info.Id} but stands at position {id}.", nameof(weights));
            var inputs = new TrainingNode[info.Inputs.Count];
            for (int k = 0; k < inputs.Length; k++)
            {
                int from = info.Inputs[k];
                if (from < 0 || from >= id) throw new ArgumentException($"Node '{info.Name}' reads node {from}, which does not come before it.", nameof(weights));
                inputs[k] = _nodes[from];
            }
            var node = new TrainingNode(info, inputs);
            float rate = options.DropoutRates is not null && options.DropoutRates.TryGetValue(info.Name, out float r) ? r : info.Rate;
            if (generated[id] is not null) _generated.Add(info.Name);
            if (generated[id] is { HasWeightGradient: true }) _generatedWeightGradients.Add(info.Name);
            node.Kernel = TrainingKernels.Create(new KernelSetup(node, _run, Parameter, rate, generated[id]));
            if (info.Act != Act.None) node.Activation = new ActivationStage(node, _run);
            string? prefix = info.BatchNorm ? info.Name + ".bn." : info.Op == Op.BatchNorm ? info.Name + "." : null;
            if (prefix is not null) node.BatchNorm = new BatchNormStage(node, _run, prefix, Parameter, node.Activation);
            _nodes[id] = node;
        }

        var last = _nodes[^1];
        if (options.Loss == TrainingLoss.SoftmaxCrossEntropy && last.Info.Act == Act.Softmax && last.Info.Output.Length != last.Info.Output.Channels)
            throw new ArgumentException($"Cross-entropy needs one softmax over the classes, but the last node '{last.Info.Name}' applies a softmax at each of {last.Info.Output.Height}x{last.Info.Output.Width} positions.", nameof(options));
        _loss = new LossStage(last, _run, options.Loss, options.LabelSmoothing);

        var steps = PlanSteps();
        var lifetimes = new TrainingLifetimes(steps, options.InputGradient);
        if (plan is not null && SameAssumptions(plan, steps, options.InputGradient))
        {
            string? problem = plan.Check(lifetimes);
            if (problem is not null) throw new ArgumentException($"The compile-time training plan does not fit this network's graph: {problem}. Rebuild the network with this version of CnnDsl.", nameof(plan));
            PlannedAtCompileTime = true;
        }
        else plan = TrainingPlanner.Plan(steps, options.InputGradient);
        Plan = plan;
        _clearedAt = new int[_nodes.Length];
        for (int id = 0; id < _nodes.Length; id++)
        {
            _nodes[id].NeedsGradient = lifetimes.NeedsGradient[id];
            // A gradient is cleared just before the backward of its last consumer, the first to add to it; the loss
            // writes the last node's; one of a node nobody reads (none in a model's graph) is cleared when backward starts.
            int first = lifetimes.Gradient[id] < 0 || id == _nodes.Length - 1 ? -1 : lifetimes.Buffers[lifetimes.Gradient[id]].First;
            _clearedAt[id] = first < 0 ? -1 : 2 * _nodes.Length - first;
        }
        _featureNode = FeatureCut(_nodes);
    }

    /// <summary>The weights being trained (updated in place by each step).</summary>
    public NetworkWeights Weights { get; }

    /// <summary>
    /// The nodes whose training runs code generated for their geometry (a generated network's <c>Training</c> type: its
    /// convolutions' forward on the inference's kernels, the input gradients of the pointwise, stride-1 depthwise,
    /// Winograd and direct (strided, dilated, grouped) ones, their weight gradients, and max and average pooling forward
    /// and backward), in graph order; the
    /// trainer's own kernels run the rest (<see cref="GeneratedWeightGradients"/>: which of them compute their weight gradient too).
    /// </summary>
    public IReadOnlyList<string> GeneratedLayers => _generated;

    /// <summary>
    /// Of <see cref="GeneratedLayers"/>, the nodes whose weight gradient (when trained) runs on the generated code too, in
    /// graph order; the trainer's own kernels compute every other weight gradient.
    /// </summary>
    public IReadOnlyList<string> GeneratedWeightGradients => _generatedWeightGradients;

    /// <summary>The options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Steps taken (also the index of the next step's dropout masks and schedule position).</summary>
    public long StepCount { get; private set; }

    /// <summary>Images whose top class was the label in the last training pass (before its update): a training accuracy for free.</summary>
    public int LastCorrect { get; private set; }

    /// <summary>The learning rate the next step will use.</summary>
    public double LearningRate => Options.Optimizer.LearningRate * Options.Schedule.Factor(StepCount);

    /// <summary>Number of classes (cross-entropy) or output values per image (mean squared error).</summary>
    public int OutputLength => _loss.Classes;

    /// <summary>Bytes of activations and gradients held per image of batch: the <see cref="Plan"/>'s slots, allocated for the largest batch at its first step.</summary>
    public long BytesPerImage => Plan.BytesPerImage;

    /// <summary>Where the activations and gradients live, and which are kept for backward.</summary>
    public TrainingPlan Plan { get; }

    /// <summary>When set, each stage of the following steps adds its wall-clock time to it (the benchmark's per-operation breakdown).</summary>
    internal TrainingProfile? Profile
    {
        get => _run.Profile;
        set => _run.Profile = value;
    }

    /// <summary>Whether <see cref="Plan"/> is the generated network's compile-time plan (else it was made when this trainer was built).</summary>
    public bool PlannedAtCompileTime { get; }

    /// <summary>
    /// The last node of the frozen prefix whose output alone feeds everything after it (a backbone's pooled features, or
    /// the input of the first block that trains), or null when no such node exists. Its output depends on the image
    /// alone: nothing up to it trains, no dropout runs before it, and a frozen batch norm uses its running statistics in
    /// training as in inference. So it can be computed once per image (<see cref="ComputeFeatures"/>) and reused by
    /// <see cref="StepOnFeatures"/> in every epoch, as long as the image does not change (no augmentation).
    /// </summary>
    public string? FeatureNode => _featureNode > 0 ? _nodes[_featureNode].Info.Name : null;

    /// <summary>Values per image of <see cref="FeatureNode"/>'s output (0 when there is none).</summary>
    public int FeatureLength => _featureNode > 0 ? _nodes[_featureNode].Info.Output.Length : 0;

    /// <summary>Runs the frozen prefix through <see cref="FeatureNode"/> on a batch of images; changes nothing.</summary>
    /// <param name="images">batch x H x W x C values, NHWC.</param>
    /// <param name="features">batch x <see cref="FeatureLength"/> values, written.</param>
    /// <exception cref="InvalidOperationException">The network has no frozen prefix to cache (<see cref="FeatureNode"/> is null).</exception>
    public void ComputeFeatures(ReadOnlySpan<float> images, Span<float> features)
    {
        int length = RequireFeatures();
        int batch = BatchOf(images, Options.Loss);
        if (features.Length != (long)batch * length)
            throw new ArgumentException($"{batch} image(s) give {batch} x {length} feature values (the output of '{FeatureNode}'), but the target holds {features.Length}.", nameof(features));
        EnsureCapacity(batch);
        Forward(0, images, batch, training: false, last: _featureNode);
        _nodes[_featureNode].Output.AsSpan(0, features.Length).CopyTo(features);
    }

    /// <summary>
    /// <see cref="Step(ReadOnlySpan{float}, ReadOnlySpan{int})"/> from the cached output of <see cref="FeatureNode"/>
    /// (from <see cref="ComputeFeatures"/>) instead of the images: the same loss, gradients and update, without the
    /// frozen prefix's work.
    /// </summary>
    public float StepOnFeatures(ReadOnlySpan<float> features, ReadOnlySpan<int> labels)
    {
        int batch = BeginFeatureLabels(features, labels);
        Forward(_featureNode, features, batch, training: true);
        float loss = Finish(_featureNode, features, batch);
        Update();
        return loss;
    }

    /// <summary><see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{int})"/> from cached features; changes nothing.</summary>
    public Evaluation EvaluateOnFeatures(ReadOnlySpan<float> features, ReadOnlySpan<int> labels)
    {
        int batch = BeginFeatureLabels(features, labels);
        Forward(_featureNode, features, batch, training: false);
        var (loss, correct) = _loss.Run(gradient: false);
        return new Evaluation((float)loss, correct, batch);
    }

    /// <summary>Whether tensor <paramref name="name"/> is trained (not frozen, not a running statistic).</summary>
    public bool IsTrainable(string name) => Find(name).Trainable;

    /// <summary>dloss/dtensor from the last step or <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int})"/>, canonical layout, before clipping.</summary>
    /// <exception cref="InvalidOperationException">The tensor is frozen or a running statistic.</exception>
    public ReadOnlySpan<float> Gradient(string name)
        => Find(name).Gradient ?? throw new InvalidOperationException($"Tensor '{name}' is not trained (frozen or a running statistic), so it has no gradient.");

    /// <summary>dloss/dinput (NHWC) from the last step or gradient computation; needs <see cref="TrainingOptions.InputGradient"/>.</summary>
    public ReadOnlySpan<float> InputGradient
        => _nodes[0].OutputGradient is { } g
            ? g.AsSpan(0, _lastBatch * _imageLength)
            : throw new InvalidOperationException("The input gradient was not asked for: set TrainingOptions.InputGradient.");

    /// <summary>One training step with cross-entropy on integer labels; returns the batch's mean loss before the update.</summary>
    /// <param name="images">batch x H x W x C values, NHWC.</param>
    /// <param name="labels">One class per image.</param>
    public float Step(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        float loss = ComputeGradients(images, labels);
        Update();
        return loss;
    }

    /// <summary>One training step with mean squared error against <paramref name="targets"/> (batch x output values).</summary>
    public float Step(ReadOnlySpan<float> images, ReadOnlySpan<float> targets)
    {
        float loss = ComputeGradients(images, targets);
        Update();
        return loss;
    }

    /// <summary>Forward in training mode, loss and backward, without changing the weights or running statistics; returns the loss.</summary>
    public float ComputeGradients(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        int batch = BeginLabels(images, labels, TrainingLoss.SoftmaxCrossEntropy);
        return TrainingPass(images, batch);
    }

    /// <summary>Forward in training mode, loss (mean squared error) and backward, without changing anything; returns the loss.</summary>
    public float ComputeGradients(ReadOnlySpan<float> images, ReadOnlySpan<float> targets)
    {
        int batch = BeginTargets(images, targets, TrainingLoss.MeanSquaredError);
        return TrainingPass(images, batch);
    }

    /// <summary>Loss and top-1 accuracy in inference mode (running statistics, no dropout); changes nothing.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<int> labels)
    {
        int batch = BeginLabels(images, labels, TrainingLoss.SoftmaxCrossEntropy);
        Forward(0, images, batch, training: false);
        var (loss, correct) = _loss.Run(gradient: false);
        return new Evaluation((float)loss, correct, batch);
    }

    /// <summary>Mean squared error in inference mode; changes nothing.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<float> targets)
    {
        int batch = BeginTargets(images, targets, TrainingLoss.MeanSquaredError);
        Forward(0, images, batch, training: false);
        return new Evaluation((float)_loss.Run(gradient: false).Loss, 0, batch);
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _pool.Dispose();
    }

    private float TrainingPass(ReadOnlySpan<float> images, int batch)
    {
        Forward(0, images, batch, training: true);
        return Finish(0, images, batch);
    }

    /// <summary>Loss and backward after a training-mode forward from node <paramref name="first"/>'s <paramref name="values"/>.</summary>
    private float Finish(int first, ReadOnlySpan<float> values, int batch)
    {
        double start = _run.Profile?.Now() ?? 0;
        var (loss, correct) = _loss.Run(gradient: true);
        _run.Profile?.Add("Loss", TrainingStage.Loss, start);
        LastCorrect = correct;
        if (!double.IsFinite(loss)) throw NonFiniteOutput(first, values, batch, loss);
        Backward();
        CheckGradients();
        return (float)loss;
    }

    /// <summary>
    /// Sets node <paramref name="first"/>'s output to <paramref name="values"/> and runs the nodes after it through
    /// <paramref name="last"/> (the whole graph by default). With <paramref name="check"/>, stops at the first node
    /// whose output is not finite and returns it (-1 when there is none).
    /// </summary>
    private int Forward(int first, ReadOnlySpan<float> values, int batch, bool training, int last = -1, bool check = false)
    {
        _run.Batch = batch;
        _run.Training = training;
        _run.Step = StepCount;
        _lastBatch = batch;
        values.CopyTo(_nodes[first].Output);
        if (last < 0) last = _nodes.Length - 1;
        for (int id = first + 1; id <= last; id++)
        {
            var node = _nodes[id];
            node.Kernel.Prepare();
            node.Kernel.Forward();
            // A batch norm applies the activation in its own pass, a kernel with a fused activation in its items.
            if (node.BatchNorm is not null) node.BatchNorm.Forward();
            else if (node.FusedActivation is null) node.Activation?.Forward();
            if (check && !AllFinite(node.Output.AsSpan(0, batch * node.Info.Output.Length), out _)) return id;
        }
        return -1;
    }

    private static bool AllFinite(ReadOnlySpan<float> values, out float bad)
    {
        foreach (float v in values)
        {
            if (float.IsFinite(v)) continue;
            bad = v;
            return false;
        }
        bad = 0;
        return true;
    }

    private void Backward()
    {
        int batch = _run.Batch;
        for (int id = 0; id < _nodes.Length; id++)
        {
            if (_clearedAt[id] == _nodes.Length) _nodes[id].OutputGradient!.AsSpan(0, batch * _nodes[id].Info.Output.Length).Clear();
        }
        for (int id = _nodes.Length - 1; id >= 1; id--)
        {
            var node = _nodes[id];
            if (!node.NeedsGradient) continue;
            if (node.Activation is not null && !(id == _nodes.Length - 1 && _loss.SkipsLastActivation)) node.Activation.Backward();
            node.BatchNorm?.Backward();
            for (int k = 0; k < node.Inputs.Length; k++)
            {
                var input = node.Inputs[k];
                bool first = _clearedAt[input.Info.Id] == id;
                // The first writer overwrites when it writes every value, unless it reads this input twice (then both add).
                bool overwrite = first && node.Kernel.CanOverwriteInputGradient(k) && Array.IndexOf(node.Inputs, input) == Array.LastIndexOf(node.Inputs, input);
                node.Kernel.SetOverwrite(k, overwrite);
                if (first && !overwrite)
                {
                    double start = _run.Profile?.Now() ?? 0;
                    input.OutputGradient!.AsSpan(0, batch * input.Info.Output.Length).Clear();
                    _run.Profile?.Add("Clear", TrainingStage.InputGradient, start);
                }
            }
            node.Kernel.Backward();
        }
    }

    private void CheckGradients()
    {
        foreach (var p in _parameters)
        {
            if (p.Gradient is null) continue;
            foreach (float g in p.Gradient)
            {
                if (!float.IsFinite(g))
                    throw new NonFiniteTrainingException(p.Name, $"The gradient of tensor '{p.Name}' is not finite ({g.ToString(CultureInfo.InvariantCulture)}); the step was abandoned and the weights are unchanged.");
            }
        }
    }

    private void Update()
    {
        double start = _run.Profile?.Now() ?? 0;
        float scale = 1;
        if (Options.ClipGlobalNorm is float max)
        {
            double sum = 0;
            foreach (var p in _parameters)
                if (p.Gradient is { } g) sum += System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(g);
            double norm = Math.Sqrt(sum);
            if (norm > max) scale = (float)(max / (norm + 1e-6));
        }
        float rate = (float)LearningRate;
        foreach (var p in _parameters)
        {
            if (p.Gradient is not { } g) continue;
            if (scale != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(g, scale, g);
            Options.Optimizer.Update(p, rate, StepCount + 1);
        }
        foreach (var node in _nodes) node.BatchNorm?.Commit(Options.BatchNormMomentum);
        StepCount++;
        _run.Profile?.Add("Optimizer", TrainingStage.Update, start);
    }

    /// <summary>
    /// Names the first node whose output is not finite. Buffers no backward reads are reused during the pass, so the
    /// forward runs again (the same batch, statistics and dropout masks: nothing was committed) checking each node.
    /// </summary>
    private NonFiniteTrainingException NonFiniteOutput(int first, ReadOnlySpan<float> values, int batch, double loss)
    {
        if (!AllFinite(values, out float given))
            return new NonFiniteTrainingException(_nodes[first].Info.Name, $"The values given to node {_nodes[first].Info.Label} are not finite ({given.ToString(CultureInfo.InvariantCulture)}); the step was abandoned and the weights are unchanged.");
        int id = Forward(first, values, batch, training: true, check: true);
        if (id >= 0)
        {
            var node = _nodes[id];
            AllFinite(node.Output.AsSpan(0, batch * node.Info.Output.Length), out float v);
            return new NonFiniteTrainingException(node.Info.Name, $"Node {node.Info.Label} produced a non-finite value ({v.ToString(CultureInfo.InvariantCulture)}), so the loss is {loss.ToString(CultureInfo.InvariantCulture)}; the step was abandoned and the weights are unchanged.");
        }
        return new NonFiniteTrainingException(_nodes[^1].Info.Name, $"The loss is {loss.ToString(CultureInfo.InvariantCulture)} although every node's output is finite; the step was abandoned and the weights are unchanged.");
    }

    private int BeginLabels(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, TrainingLoss loss)
    {
        int batch = BatchOf(images, loss);
        CheckLabels(batch, labels);
        EnsureCapacity(batch);
        _loss.SetLabels(labels);
        return batch;
    }

    private void CheckLabels(int batch, ReadOnlySpan<int> labels)
    {
        if (labels.Length != batch) throw new ArgumentException($"The batch holds {batch} image(s) but {labels.Length} label(s) were given.", nameof(labels));
        for (int n = 0; n < batch; n++)
        {
            if ((uint)labels[n] >= (uint)_loss.Classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[n], $"Label {n} is {labels[n]}, but this network has {_loss.Classes} classes (0 to {_loss.Classes - 1}).");
        }
    }

    private int BeginFeatureLabels(ReadOnlySpan<float> features, ReadOnlySpan<int> labels)
    {
        int length = RequireFeatures();
        if (Options.Loss != TrainingLoss.SoftmaxCrossEntropy) throw new InvalidOperationException($"This trainer minimizes {Options.Loss}; labels belong to {TrainingLoss.SoftmaxCrossEntropy}.");
        if (features.Length == 0 || features.Length % length != 0)
            throw new ArgumentException($"The features must be a whole number (at least 1) of {_nodes[_featureNode].Info.Output} = {length} values (the output of '{FeatureNode}'), but {features.Length} values were given.", nameof(features));
        int batch = features.Length / length;
        CheckLabels(batch, labels);
        EnsureCapacity(batch);
        _loss.SetLabels(labels);
        return batch;
    }

    private int RequireFeatures()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _featureNode > 0
            ? _nodes[_featureNode].Info.Output.Length
            : throw new InvalidOperationException("This network has no frozen prefix to cache: some node before its last trains, reads the input gradient or draws dropout, or no single node's output feeds the rest.");
    }

    /// <summary>
    /// The largest node c before the last such that nodes 1..c do not train (no gradient flows into them), none is a
    /// dropout, and every node after c reads only c or later nodes; 0 when there is none.
    /// </summary>
    private static int FeatureCut(TrainingNode[] nodes)
    {
        var earliestReadAfter = new int[nodes.Length];
        int earliest = int.MaxValue;
        for (int id = nodes.Length - 1; id >= 0; id--)
        {
            earliestReadAfter[id] = earliest;
            foreach (var input in nodes[id].Inputs) earliest = Math.Min(earliest, input.Info.Id);
        }
        int cut = 0;
        for (int id = 1; id < nodes.Length - 1; id++)
        {
            var node = nodes[id];
            if (node.NeedsGradient || node.Info.Op == Op.Dropout) break;
            if (earliestReadAfter[id] >= id) cut = id;
        }
        return cut;
    }

    private int BeginTargets(ReadOnlySpan<float> images, ReadOnlySpan<float> targets, TrainingLoss loss)
    {
        int batch = BatchOf(images, loss);
        if (targets.Length != (long)batch * _loss.Classes)
            throw new ArgumentException($"The batch holds {batch} image(s), so the targets must hold {batch} x {_loss.Classes} values, but they hold {targets.Length}.", nameof(targets));
        EnsureCapacity(batch);
        _loss.SetTargets(targets);
        return batch;
    }

    private int BatchOf(ReadOnlySpan<float> images, TrainingLoss loss)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Options.Loss != loss) throw new InvalidOperationException($"This trainer minimizes {Options.Loss}; {(loss == TrainingLoss.SoftmaxCrossEntropy ? "labels" : "float targets")} belong to {loss}.");
        if (images.Length == 0 || images.Length % _imageLength != 0)
            throw new ArgumentException($"The images must be a whole number (at least 1) of {_nodes[0].Info.Output} = {_imageLength} values, but {images.Length} values were given.", nameof(images));
        return images.Length / _imageLength;
    }

    private void EnsureCapacity(int batch)
    {
        if (batch <= _capacity) return;
        // Slack past the last image: vector loads of a row's last channels may read a little beyond it (PanelProduct).
        _slots = new float[Plan.SlotLengths.Count][];
        for (int s = 0; s < _slots.Length; s++) _slots[s] = new float[checked(batch * Plan.SlotLengths[s] + PanelProduct.Slack)];
        for (int id = 0; id < _nodes.Length; id++)
        {
            var b = Plan.Nodes[id];
            _nodes[id].Bind(_slots[b.Core], _slots[b.Normalized], _slots[b.Output], _nodes[id].NeedsGradient ? _slots[b.Gradient] : null, batch);
        }
        _loss.Allocate(batch);
        _capacity = batch;
    }

    /// <summary>The graph as the memory planner sees it, with what trains in each node.</summary>
    private PlanStep[] PlanSteps()
    {
        var steps = new PlanStep[_nodes.Length];
        foreach (var node in _nodes)
        {
            var info = node.Info;
            var trains = TrainedParts.None;
            foreach (var p in _parameters)
            {
                if (p.Info.Node != info.Id || !p.Trainable) continue;
                trains |= TrainedParts.Some;
                if (info.Op is (Op.Conv or Op.DepthwiseConv or Op.Dense) && p.Name == info.Name + ".weight") trains |= TrainedParts.Weight;
            }
            if (node.BatchNorm is { Frozen: false }) trains |= TrainedParts.BatchNorm;
            var inputs = new int[info.Inputs.Count];
            for (int k = 0; k < inputs.Length; k++) inputs[k] = info.Inputs[k];
            steps[info.Id] = new PlanStep(info.Op, inputs, info.Output.Length, node.BatchNorm is not null, info.Act, trains);
        }
        return steps;
    }

    private static bool SameAssumptions(TrainingPlan plan, PlanStep[] steps, bool inputGradient)
    {
        if (plan.InputGradient != inputGradient || plan.Nodes.Count != steps.Length) return false;
        for (int id = 0; id < steps.Length; id++)
            if (plan.Nodes[id].Trains != steps[id].Trains) return false;
        return true;
    }

    private Parameter Parameter(string name)
        => _byName.TryGetValue(name, out var p) ? p : throw new ArgumentException($"The network has no tensor named '{name}', which its graph needs.");

    private Parameter Find(string name)
        => _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"This network has no tensor named '{name}'.");

    private static bool IsFrozen(TensorInfo tensor, IReadOnlyList<NodeInfo> graph, IReadOnlyList<string> frozen, HashSet<string> used)
    {
        // Declared in the definition (Trainable = false, or a backbone before TrainFrom), or named in the options.
        bool result = !graph[tensor.Node].Trainable;
        foreach (string entry in frozen)
        {
            if (tensor.Name == entry || graph[tensor.Node].Name.StartsWith(entry, StringComparison.Ordinal))
            {
                used.Add(entry);
                result = true;
            }
        }
        return result;
    }

    private static void Validate(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Optimizer);
        ArgumentNullException.ThrowIfNull(options.Schedule);
        ArgumentNullException.ThrowIfNull(options.Frozen);
        if (!(options.Optimizer.LearningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer.LearningRate, "The learning rate must be 0 or more.");
        if (options.Optimizer is SgdOptimizer sgd) sgd.Validate();
        if (!(options.LabelSmoothing >= 0 && options.LabelSmoothing < 1)) throw new ArgumentOutOfRangeException(nameof(options), options.LabelSmoothing, "Label smoothing must be in [0, 1).");
        if (options.ClipGlobalNorm is float clip && !(clip > 0)) throw new ArgumentOutOfRangeException(nameof(options), clip, "The gradient clipping norm must be above 0.");
        if (options.Threads < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "At least one thread is needed.");
        if (!(options.BatchNormMomentum >= 0 && options.BatchNormMomentum <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.BatchNormMomentum, "Batch-norm momentum must be in [0, 1].");
    }
}
