using System;
using System.Collections.Generic;
using CnnDsl.Operations;

namespace CnnDsl.Training;

/// <summary>
/// The buffers a training step needs and when each must hold its values, on one timeline: the forward step of node j
/// is j, the loss is N (the node count), node j's backward is 2N - j, and 2N + 1 stands for "after the step" (the input
/// gradient, when asked for). A buffer lives from the step that first writes it to the last step that reads it:
/// forward reads by the node's own stages and its consumers, and backward reads as <see cref="BackwardReads"/> says.
/// A node whose backward never runs (nothing before it or in it trains) reads nothing in backward, so a frozen prefix
/// keeps nothing. A gradient buffer lives from the backward of its node's last consumer (which clears it, then adds)
/// to the node's own backward.
/// </summary>
internal sealed class TrainingLifetimes
{
    private readonly List<Lifetime> _buffers = new();

    public TrainingLifetimes(IReadOnlyList<PlanStep> steps, bool inputGradient)
    {
        int n = steps.Count, last = n - 1;
        if (n < 2) throw new ArgumentException("A training plan needs the input node and at least one operation.", nameof(steps));
        NeedsGradient = new bool[n];
        Core = new int[n];
        Normalized = new int[n];
        Output = new int[n];
        Gradient = new int[n];
        for (int j = 0; j < n; j++)
        {
            var s = steps[j];
            bool needs = j == 0 ? inputGradient : (s.Trains & TrainedParts.Some) != 0;
            foreach (int i in s.Inputs)
            {
                if (i < 0 || i >= j) throw new ArgumentException($"Node {j} reads node {i}, which does not come before it.", nameof(steps));
                needs |= NeedsGradient[i];
            }
            NeedsGradient[j] = needs;
            Core[j] = Add(j, KeptValues.Core, s.Length, j);
            Normalized[j] = BatchNormTrains(s) ? Add(j, KeptValues.Normalized, s.Length, j) : Core[j];
            bool separateOutput = s.Act != Act.None && (j == last || needs && BackwardReads.ActivationInput(s.Act));
            Output[j] = separateOutput ? Add(j, KeptValues.Output, s.Length, j) : Normalized[j];
            Gradient[j] = needs ? Add(j, KeptValues.None, s.Length, int.MaxValue) : -1;
        }

        for (int j = 0; j < n; j++)
        {
            var s = steps[j];
            Read(Output[j], j); // the node's own stages, in its forward step
            foreach (int i in s.Inputs) Read(Output[i], j);
            if (!NeedsGradient[j] || j == 0) continue;
            int back = 2 * n - j;
            if (s.BatchNorm && BackwardReads.BatchNormInput(BatchNormTrains(s))) Read(Core[j], back);
            if (BackwardReads.ActivationInput(s.Act)) Read(Normalized[j], back);
            if (BackwardReads.ActivationOutput(s.Act)) Read(Output[j], back);
            var inputsNeed = new bool[s.Inputs.Length];
            for (int k = 0; k < inputsNeed.Length; k++) inputsNeed[k] = NeedsGradient[s.Inputs[k]];
            for (int k = 0; k < inputsNeed.Length; k++)
            {
                if (BackwardReads.Input(s.Op, k, (s.Trains & TrainedParts.Weight) != 0, inputsNeed)) Read(Output[s.Inputs[k]], back);
                if (inputsNeed[k]) Write(Gradient[s.Inputs[k]], back);
            }
            Read(Gradient[j], back);
        }
        // The loss reads the last node's output (or its logits) and writes its gradient.
        Read(Normalized[last], n);
        Read(Output[last], n);
        if (Gradient[last] >= 0) Write(Gradient[last], n);
        for (int j = 0; j < n; j++)
        {
            // A node nobody reads (none in a model's graph) gets its gradient cleared by the loss step.
            if (Gradient[j] >= 0 && _buffers[Gradient[j]].First == int.MaxValue) Write(Gradient[j], n);
        }
        if (inputGradient) Read(Gradient[0], 2 * n + 1);
        Steps = n;
    }

    /// <summary>Nodes (steps of the forward pass).</summary>
    public int Steps { get; }

    /// <summary>Whether the loss's gradient reaches the node (something in it or before it trains, or it is the input and its gradient was asked for).</summary>
    public bool[] NeedsGradient { get; }

    /// <summary>Per node: the buffer of the operation's output.</summary>
    public int[] Core { get; }

    /// <summary>Per node: the buffer of the batch norm's output (the core's when there is none, or it runs in place).</summary>
    public int[] Normalized { get; }

    /// <summary>Per node: the buffer of the node's output (the normalized one when the activation runs in place).</summary>
    public int[] Output { get; }

    /// <summary>Per node: the buffer of dloss/doutput, or -1 when the gradient does not reach it.</summary>
    public int[] Gradient { get; }

    public IReadOnlyList<Lifetime> Buffers => _buffers;

    /// <summary>The values of node <paramref name="node"/> read after the forward pass (by backward or the loss).</summary>
    public KeptValues Kept(int node)
    {
        var kept = KeptValues.None;
        if (_buffers[Output[node]].Last >= Steps) kept |= KeptValues.Output;
        if (Normalized[node] != Output[node] && _buffers[Normalized[node]].Last >= Steps) kept |= KeptValues.Normalized;
        if (Core[node] != Normalized[node] && _buffers[Core[node]].Last >= Steps) kept |= KeptValues.Core;
        return kept;
    }

    private static bool BatchNormTrains(PlanStep s) => s.BatchNorm && (s.Trains & TrainedParts.BatchNorm) != 0;

    private int Add(int node, KeptValues value, int length, int first)
    {
        _buffers.Add(new Lifetime(node, value, length) { First = first, Last = first == int.MaxValue ? -1 : first });
        return _buffers.Count - 1;
    }

    private void Read(int buffer, int step)
    {
        var b = _buffers[buffer];
        b.Last = Math.Max(b.Last, step);
    }

    private void Write(int buffer, int step)
    {
        var b = _buffers[buffer];
        b.First = Math.Min(b.First, step);
        b.Last = Math.Max(b.Last, step);
    }

    /// <summary>One buffer: its node, which value (<see cref="KeptValues.None"/> for the gradient), floats per image, and its first and last steps.</summary>
    internal sealed class Lifetime
    {
        public Lifetime(int node, KeptValues value, int length)
        {
            Node = node;
            Value = value;
            Length = length;
        }

        public int Node { get; }
        public KeptValues Value { get; }
        public int Length { get; }
        public int First { get; set; }
        public int Last { get; set; }

        public bool Overlaps(Lifetime other) => First <= other.Last && other.First <= Last;
    }
}
