using System.Collections.Generic;
using System.Threading;
using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// Plans a network's inference code: which nodes fold or fuse into which (batch norms into convolution weights,
/// activations and residual adds into convolution epilogues, concatenation inputs written in place), which
/// elementwise ops run in place, buffer lifetimes, and the arena offsets (<see cref="ArenaPlanner"/>).
/// </summary>
internal sealed class InferencePlanner
{
    private readonly IReadOnlyList<Node> _nodes;
    private readonly NodePlan[] _plans;
    private readonly List<int>[] _consumers;
    private readonly List<ArenaBuffer> _buffers = new();
    private readonly CancellationToken _cancellationToken;

    private InferencePlanner(IReadOnlyList<Node> nodes, CancellationToken cancellationToken)
    {
        _nodes = nodes;
        _cancellationToken = cancellationToken;
        _plans = new NodePlan[nodes.Count];
        _consumers = new List<int>[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            _plans[i] = new NodePlan(i, nodes[i].Act, nodes[i].Output.Channels);
            _consumers[i] = new List<int>();
        }
        foreach (var node in nodes)
        {
            foreach (int input in node.Inputs)
            {
                if (!_consumers[input].Contains(node.Id)) _consumers[input].Add(node.Id);
            }
        }
    }

    public static InferencePlan Plan(NetworkModel model, CancellationToken cancellationToken = default)
        => new InferencePlanner(model.Nodes, cancellationToken).Run();

    private InferencePlan Run()
    {
        for (int i = 0; i < _nodes.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            DecideFusion(_nodes[i]);
        }
        foreach (var node in _nodes)
        {
            if (node.Operation.Joins == Join.ConcatSlices && _plans[node.Id].Role == NodeRole.Compute) DecideConcatSlices(node);
        }
        foreach (var node in _nodes)
        {
            if (node.Operation.GatesChannels) DecideGatedWeights(node);
        }
        int output = _nodes.Count - 1;
        for (int i = 0; i < _nodes.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            AssignStorage(_nodes[i]);
        }
        RowStreams.Mark(_nodes, _plans, _consumers);
        ComputeLifetimes(output);
        RowStreams.ExtendLifetimes(_nodes, _plans, _buffers);
        int arena = ArenaPlanner.Assign(_buffers);
        foreach (var plan in _plans)
        {
            plan.Offset = _buffers[plan.Buffer].Offset + plan.ChannelOffset;
            if (plan.PaddedBuffer >= 0) plan.PaddedOffset = _buffers[plan.PaddedBuffer].Offset;
            if (plan.GatedWeightsBuffer >= 0) plan.GatedWeightsOffset = _buffers[plan.GatedWeightsBuffer].Offset;
        }
        foreach (var node in _nodes)
        {
            var plan = _plans[node.Id];
            plan.Split = Split(node, plan);
            if (plan.Split == ThreadSplit.Positions && WinogradRule.Applies(node, plan)) plan.Parts = WinogradRule.Parts(node);
        }
        var denseTail = DenseTail.Of(_nodes, _plans, output);
        var (inputFromCaller, outputToCaller) = CallerTensors.Decide(_nodes, _plans, _buffers, output, denseTail);
        var layerMajor = LayerMajor.Of(_nodes, _plans, _buffers, denseTail, inputFromCaller);
        RowStreams.Drop(_nodes, _plans, layerMajor);
        ShareMethods();
        return new InferencePlan(_plans, _buffers, arena, output, denseTail, inputFromCaller, outputToCaller, layerMajor);
    }

    /// <summary>
    /// The operation's split, unless a softmax runs over the output's channels afterwards: that pass needs every
    /// channel of a position, so such a layer splits by positions (or runs on one thread when it has one position).
    /// </summary>
    private static ThreadSplit Split(Node node, NodePlan plan)
    {
        // A gate folded into weights copies them once, on thread 0, before both threads run the convolution.
        if (plan.GatesWeightsOf >= 0) return ThreadSplit.FirstThread;
        var split = node.Operation.Split(node.Input, node.Output);
        bool softmax = plan.Act == Act.Softmax || (plan.Residual >= 0 && plan.ResidualAct == Act.Softmax);
        if (split != ThreadSplit.Channels || !softmax) return split;
        return (long)node.Output.Height * node.Output.Width > 1 ? ThreadSplit.Positions : ThreadSplit.FirstThread;
    }

    /// <summary>Gives every computing node its geometry and the first node of equal geometry, whose method it calls.</summary>
    private void ShareMethods()
    {
        var first = new Dictionary<LayerGeometry, int>();
        foreach (var node in _nodes)
        {
            var plan = _plans[node.Id];
            if (plan.Role != NodeRole.Compute) continue;
            plan.Geometry = LayerGeometry.Of(node, plan, _plans, _nodes);
            if (!first.TryGetValue(plan.Geometry, out int method))
            {
                method = node.Id;
                first.Add(plan.Geometry, method);
            }
            plan.Method = method;
        }
    }

    /// <summary>Asks the node how it joins its producer, and the producer whether it accepts that (never matched by kind).</summary>
    private void DecideFusion(Node node)
    {
        var plan = _plans[node.Id];
        if (node.Op == Op.Input)
        {
            plan.Role = NodeRole.Input;
            return;
        }
        switch (node.Operation.Joins)
        {
            case Join.Identity:
                Alias(plan, node.Inputs[0], node.Operation.IdentityNote);
                break;
            case Join.FoldIntoProducer:
            {
                // y = affine(f(x)) folds into f's weights and bias when nothing else reads f(x).
                int root = SoleChainRoot(node.Inputs[0]);
                if (root > 0 && Accepts(root, Fusion.FoldBatchNorm) && _plans[root].Act == Act.None && _plans[root].Residual < 0)
                {
                    _plans[root].FoldedBatchNorms.Add(node.Id);
                    _plans[root].Act = node.Act;
                    Alias(plan, node.Inputs[0], "folded into the weights and bias of " + _nodes[root].Name);
                }
                break;
            }
            case Join.ActivationEpilogue:
            {
                int root = SoleChainRoot(node.Inputs[0]);
                if (root > 0 && Accepts(root, Fusion.ActivationEpilogue) && _plans[root].Role == NodeRole.Compute && _plans[root].Act == Act.None && _plans[root].Residual < 0)
                {
                    _plans[root].Act = node.Act;
                    Alias(plan, node.Inputs[0], "applied in the epilogue of " + _nodes[root].Name);
                }
                break;
            }
            case Join.ResidualEpilogue:
                if (node.Inputs.Count == 2 && node.Inputs[0] != node.Inputs[1])
                {
                    // The residual add fuses into the producer of one input, provided the other is already computed by then.
                    for (int k = 1; k >= 0; k--)
                    {
                        int candidate = node.Inputs[k];
                        int other = node.Inputs[1 - k];
                        int root = SoleChainRoot(candidate);
                        if (root > 0 && Accepts(root, Fusion.ResidualEpilogue) && other < root && _plans[root].Residual < 0 && IsEpilogueAct(_plans[root].Act))
                        {
                            _plans[root].Residual = other;
                            _plans[root].ResidualAct = node.Act;
                            Alias(plan, candidate, "added in the epilogue of " + _nodes[root].Name);
                            break;
                        }
                    }
                }
                break;
        }
    }

    private bool Accepts(int node, Fusion fusion) => (_nodes[node].Operation.Accepts & fusion) == fusion;

    /// <summary>
    /// Activations computed lane-wise with arithmetic only, so a convolution can apply them in registers before
    /// adding a residual; the others (exp-based, or softmax across channels) run over the stored output.
    /// </summary>
    public static bool IsEpilogueAct(Act act) => act is Act.None or Act.Relu or Act.Relu6 or Act.HardSwish;

    /// <summary>
    /// The computing node behind <paramref name="id"/> when every node from it to <paramref name="id"/> has that
    /// single consumer (so its output may be changed in place); -1 otherwise.
    /// </summary>
    private int SoleChainRoot(int id)
    {
        int current = id;
        while (true)
        {
            if (_consumers[current].Count != 1 || CountUses(_consumers[current][0], current) != 1) return -1;
            var plan = _plans[current];
            if (plan.Role == NodeRole.Compute) return current;
            if (plan.Role != NodeRole.Alias) return -1;
            current = plan.AliasOf;
        }
    }

    private int CountUses(int consumer, int input)
    {
        int uses = 0;
        foreach (int i in _nodes[consumer].Inputs) if (i == input) uses++;
        return uses;
    }

    private void Alias(NodePlan plan, int source, string note)
    {
        plan.Role = NodeRole.Alias;
        plan.AliasOf = source;
        plan.Note = note;
    }

    /// <summary>
    /// A channel gate (squeeze-and-excitation's scale) whose sole consumer accepts <see cref="Fusion.GatedWeights"/>
    /// folds into a copy of that convolution's packed weights, each input channel's row times its gate, when the copy
    /// (input channels x output channels rounded up to 16) is no larger than the gated tensor, whose pass over memory
    /// it replaces: EfficientNet's early blocks (56x56x144 -> 24), not its 7x7x1152 -> 192.
    /// </summary>
    private void DecideGatedWeights(Node gate)
    {
        var plan = _plans[gate.Id];
        if (plan.Role != NodeRole.Compute || plan.Act != Act.None || gate.Inputs.Count != 2) return;
        // The gated tensor stays where the consumer reads it: in the arena, not the caller's input span.
        int source = gate.Inputs[0];
        while (_plans[source].Role == NodeRole.Alias) source = _plans[source].AliasOf;
        if (_plans[source].Role != NodeRole.Compute) return;
        if (_consumers[gate.Id].Count != 1 || CountUses(_consumers[gate.Id][0], gate.Id) != 1) return;
        int conv = _consumers[gate.Id][0];
        var consumer = _nodes[conv];
        if (consumer.Inputs[0] != gate.Id || !Accepts(conv, Fusion.GatedWeights) || _plans[conv].Role != NodeRole.Compute) return;
        if ((long)gate.Output.Height * gate.Output.Width < PackedColumns(consumer.Output.Channels)) return;
        plan.GatesWeightsOf = conv;
        _plans[conv].GatedBy = gate.Id;
    }

    /// <summary>
    /// Floats per input channel of a 1x1 convolution's packed weights at the widest vector: its filters rounded up to
    /// 16 (the runtime's <c>WeightPacking</c> pads each tap's row to whole vectors).
    /// </summary>
    private static long PackedColumns(int filters) => (filters + 15L) / 16 * 16;

    private void DecideConcatSlices(Node concat)
    {
        var plan = _plans[concat.Id];
        int offset = 0;
        foreach (int input in concat.Inputs)
        {
            int root = SoleChainRoot(input);
            if (root > 0 && Accepts(root, Fusion.ConcatSlice) && _plans[root].Residual < 0 && _plans[root].SliceOf < 0)
            {
                _plans[root].SliceOf = concat.Id;
                _plans[root].ChannelOffset = offset;
            }
            else
            {
                plan.CopiedInputs.Add((input, offset));
            }
            offset += _nodes[input].Output.Channels;
        }
    }

    private void AssignStorage(Node node)
    {
        var plan = _plans[node.Id];
        switch (plan.Role)
        {
            case NodeRole.Input:
                plan.Buffer = NewBuffer(node.Output.Elements, "input");
                return;
            case NodeRole.Alias:
            {
                var source = _plans[plan.AliasOf];
                plan.Buffer = source.Buffer;
                plan.ChannelOffset = source.ChannelOffset;
                plan.PixelStride = source.PixelStride;
                return;
            }
        }

        if (plan.GatesWeightsOf >= 0)
        {
            // Its output is its input unchanged (the consumer reads it there); it writes the gated weights.
            var source = _plans[node.Inputs[0]];
            plan.Buffer = source.Buffer;
            plan.ChannelOffset = source.ChannelOffset;
            plan.PixelStride = source.PixelStride;
            var consumer = _nodes[plan.GatesWeightsOf];
            long length = (long)node.Output.Channels * PackedColumns(consumer.Output.Channels);
            plan.GatedWeightsBuffer = NewBuffer(length, consumer.Name + " (gated weights)");
            _buffers[plan.GatedWeightsBuffer].FirstUse = node.Id;
            _buffers[plan.GatedWeightsBuffer].LastUse = plan.GatesWeightsOf;
            _plans[plan.GatesWeightsOf].GatedWeightsBuffer = plan.GatedWeightsBuffer;
            return;
        }

        if (plan.SliceOf >= 0)
        {
            var concat = _plans[plan.SliceOf];
            if (concat.Buffer < 0) concat.Buffer = NewBuffer(_nodes[plan.SliceOf].Output.Elements, _nodes[plan.SliceOf].Name);
            plan.Buffer = concat.Buffer;
            plan.PixelStride = _nodes[plan.SliceOf].Output.Channels;
        }
        else if (node.Operation.Joins == Join.ConcatSlices)
        {
            if (plan.Buffer < 0) plan.Buffer = NewBuffer(node.Output.Elements, node.Name);
        }
        else if (node.Operation.InPlace && InPlaceInput(node) is int victim && victim >= 0)
        {
            plan.InPlace = true;
            plan.Buffer = _plans[victim].Buffer;
        }
        else
        {
            plan.Buffer = NewBuffer(node.Output.Elements, node.Name);
        }

        // A Winograd layer reads the padding as zeros itself, so it needs no bordered copy (nor the meeting of two threads after it).
        if ((node.Operation.Accepts & Fusion.ZeroBorderedInput) != 0 && node.Window is { Pads.Any: true } window && !WinogradRule.Applies(node, plan))
        {
            var pads = window.Pads;
            long padded = (long)(node.Input.Height + pads.Top + pads.Bottom) * (node.Input.Width + pads.Left + pads.Right) * node.Input.Channels;
            plan.PaddedBuffer = NewBuffer(padded, node.Name + " (zero-bordered input)");
            _buffers[plan.PaddedBuffer].FirstUse = node.Id;
            _buffers[plan.PaddedBuffer].LastUse = node.Id;
        }
    }

    /// <summary>An input of an elementwise node whose dense buffer nobody reads after it, or -1.</summary>
    private int InPlaceInput(Node node)
    {
        foreach (int input in node.Inputs)
        {
            var source = _plans[input];
            if (source.PixelStride != _nodes[input].Output.Channels || source.ChannelOffset != 0) continue;
            if (_buffers[source.Buffer].Length != node.Output.Elements) continue;
            bool readLater = false;
            for (int other = 0; other < node.Id && !readLater; other++)
            {
                if (_plans[other].Buffer != source.Buffer) continue;
                foreach (int consumer in _consumers[other]) if (consumer > node.Id) readLater = true;
            }
            if (!readLater) return input;
        }
        return -1;
    }

    private int NewBuffer(long elements, string purpose)
    {
        _buffers.Add(new ArenaBuffer(_buffers.Count, checked((int)elements), purpose));
        return _buffers.Count - 1;
    }

    private void ComputeLifetimes(int output)
    {
        foreach (var plan in _plans)
        {
            var buffer = _buffers[plan.Buffer];
            int last = plan.NodeId;
            foreach (int consumer in _consumers[plan.NodeId]) last = System.Math.Max(last, consumer);
            if (plan.NodeId == output) last = _nodes.Count;
            if (plan.Role != NodeRole.Alias) buffer.FirstUse = System.Math.Min(buffer.FirstUse, plan.NodeId);
            buffer.LastUse = System.Math.Max(buffer.LastUse, last);
        }
    }
}
