using System.Collections.Generic;
using CnnDsl.Model;

namespace CnnDsl.Operations;

/// <summary>
/// One primitive operation of the lowered graph, in one place: its own arguments, its cost, its parameter tensors
/// (canonical names and layouts), its summary text and what the planner may fuse into it. The generator's emitter
/// for it sits in <c>Emit/Operations</c> under the same name; <see cref="Operations"/> lists them all.
/// Records, so that a node compares by value in the incremental pipeline.
/// </summary>
internal abstract record Operation
{
    public abstract Op Op { get; }

    /// <summary>The activation it applies last (None when it has none).</summary>
    public virtual Act Act => Act.None;

    /// <summary>What may fuse into it.</summary>
    public virtual Fusion Accepts => Fusion.None;

    /// <summary>How it joins its producer.</summary>
    public virtual Join Joins => Join.None;

    /// <summary>Why a node that joins as <see cref="Join.Identity"/> has no code (for the generated comments).</summary>
    public virtual string IdentityNote => Describe() + " moves no data at inference";

    /// <summary>
    /// Whether it multiplies its first input's channels by its second input (a 1x1xC gate) and nothing else, so that a
    /// sole consumer accepting <see cref="Fusion.GatedWeights"/> may fold it into its weights.
    /// </summary>
    public virtual bool GatesChannels => false;

    /// <summary>Whether it may overwrite an input whose buffer nobody reads after it (elementwise operations).</summary>
    public virtual bool InPlace => false;

    /// <summary>
    /// How two threads share it on one image (<see cref="ThreadSplit"/>). By default by positions, which fits every
    /// operation that computes each output position from the same position or a window of rows around it.
    /// </summary>
    public virtual ThreadSplit Split(Shape input, Shape output)
        => (long)output.Height * output.Width > 1 ? ThreadSplit.Positions : ThreadSplit.FirstThread;

    /// <summary>
    /// Whether its layer reads its (first) input only inside that tensor, never a vector past its last value, so it may
    /// read the network's input where the caller holds it (<see cref="CallerTensors"/>). No unless its kernel is known to.
    /// </summary>
    public virtual bool ReadsInputInside(Node node, NodePlan plan) => false;

    /// <summary>
    /// Whether its layer writes (and reads back) its output only inside that tensor, so it may write the network's
    /// output where the caller wants it (<see cref="CallerTensors"/>). No unless its kernel is known to.
    /// </summary>
    public virtual bool WritesOutputInside(Node node, NodePlan plan) => false;

    /// <summary>Multiply-accumulates per image (convolutions and dense layers only: the papers' convention). Checked arithmetic.</summary>
    public virtual long MultiplyAdds(Shape input, Shape output) => 0;

    /// <summary>Weights and biases. Checked arithmetic.</summary>
    public virtual long Parameters(Shape input) => 0;

    /// <summary>Batch normalization's learnable scale and shift (running statistics are not parameters).</summary>
    public virtual long BatchNormParameters(Shape output) => 0;

    /// <summary>The canonical parameter tensors of a node named <paramref name="name"/> reading <paramref name="input"/>.</summary>
    public virtual IEnumerable<ParameterTensor> Tensors(string name, Shape input) { yield break; }

    /// <summary>The short text of a lowered node in summaries, e.g. "3x3/1 conv, Relu".</summary>
    public abstract string Describe();
}
