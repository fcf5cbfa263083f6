using System.Collections.Generic;
using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>What the generated inference code does for one graph node.</summary>
internal enum NodeRole
{
    /// <summary>The network input: copied into its arena buffer before the first layer.</summary>
    Input,
    /// <summary>Runs its own layer method.</summary>
    Compute,
    /// <summary>No code: its values are another node's (identity ops, or folded/fused into that node).</summary>
    Alias,
}

/// <summary>
/// The inference decisions for one node: where its output lives in the scratch arena, and which neighbouring
/// nodes were folded or fused into it. Offsets are in floats from the arena start.
/// </summary>
internal sealed class NodePlan
{
    public NodePlan(int nodeId, Act act, int channels)
    {
        NodeId = nodeId;
        Act = act;
        PixelStride = channels;
    }

    public int NodeId { get; }
    public NodeRole Role { get; set; } = NodeRole.Compute;
    /// <summary>For <see cref="NodeRole.Alias"/>: the node whose output this is.</summary>
    public int AliasOf { get; set; } = -1;
    /// <summary>Why the node is an alias (for the generated comments).</summary>
    public string? Note { get; set; }

    /// <summary>The activation this node applies: its own, or that of an Activation / batch norm fused into it.</summary>
    public Act Act { get; set; }
    /// <summary>Standalone BatchNorm nodes folded into this convolution's weights and bias, in order.</summary>
    public List<int> FoldedBatchNorms { get; } = new();
    /// <summary>A residual input added in this convolution's epilogue (the Add that follows it), or -1.</summary>
    public int Residual { get; set; } = -1;
    /// <summary>The fused Add's activation, applied after the residual sum.</summary>
    public Act ResidualAct { get; set; }
    /// <summary>For a convolution writing straight into a concatenation: that Concat node, else -1.</summary>
    public int SliceOf { get; set; } = -1;
    /// <summary>Channel offset inside the concatenation (0 otherwise).</summary>
    public int ChannelOffset { get; set; }
    /// <summary>For a Concat: its inputs that are copied in (the others wrote their slice themselves), with channel offsets.</summary>
    public List<(int Node, int ChannelOffset)> CopiedInputs { get; } = new();
    /// <summary>How two threads share the node on one image (its operation's choice, unless the plan forbids it).</summary>
    public ThreadSplit Split { get; set; }
    /// <summary>
    /// Into how many parts two threads cut the node when they claim its parts (<c>ThreadRange.ClaimsParts</c>), a
    /// choice of the call site, not of the layer method (a method serves any count). <see cref="DefaultParts"/> but for
    /// Winograd layers of more than 8 groups of tiles (<c>WinogradRule.Parts</c>). Winograd layers with few tiles cut into two halves of their channel pairs (1.2-1.45x their
    /// one-thread CPU time on two threads against 1.3-1.6x on a loaded machine) measured worse on the quiet one, one
    /// image on two threads x one thread in alternated quick passes: ResNet-18 1.13-1.56 against 1.63-1.69, W3 1.43
    /// against 1.50-1.52, GoogLeNet 1.19-1.53 against 1.35-1.90; sixteen parts raised the two threads' work.
    /// </summary>
    public int Parts { get; set; } = DefaultParts;

    /// <summary>
    /// Parts of a layer claimed by two threads unless the planner says otherwise: thread 0 takes the first part nobody
    /// has taken, thread 1 the last, so at the same pace each has the rows a fixed half would give it (and wrote in the
    /// layer before), while a thread that starts late (a helper waking from a blocked wait) or runs slower takes fewer
    /// and the other is never left waiting for a fixed half. More parts balance better and cost a call each.
    /// </summary>
    public const int DefaultParts = 8;
    /// <summary>
    /// For a channel gate folded into its consumer's weights (<see cref="Fusion.GatedWeights"/>): that convolution, whose
    /// packed weights it copies times the gate; its own output is its input, unchanged. -1 otherwise.
    /// </summary>
    public int GatesWeightsOf { get; set; } = -1;
    /// <summary>For a convolution whose weights a channel gate scales per image: that gate node, else -1.</summary>
    public int GatedBy { get; set; } = -1;
    /// <summary>For either side of a folded gate: the arena buffer of the gated weights, else -1.</summary>
    public int GatedWeightsBuffer { get; set; } = -1;
    /// <summary>Arena offset of <see cref="GatedWeightsBuffer"/>.</summary>
    public int GatedWeightsOffset { get; set; }

    /// <summary>
    /// For the 1x1 expansion of a block that runs in bands of rows (<see cref="RowStreams"/>): the block's last node,
    /// its 1x1 projection or, where the projection runs after the block, its depthwise layer; -1 otherwise.
    /// </summary>
    public int StreamEnd { get; set; } = -1;
    /// <summary>For the depthwise layer and the projection of such a block (where it streams): its expansion; -1 otherwise.</summary>
    public int StreamedBy { get; set; } = -1;

    /// <summary>Whether the node overwrites its input's buffer (elementwise ops whose input dies here).</summary>
    public bool InPlace { get; set; }

    /// <summary>The arena buffer holding the output.</summary>
    public int Buffer { get; set; } = -1;
    /// <summary>Arena offset of the output's first value (buffer offset plus channel offset).</summary>
    public int Offset { get; set; }
    /// <summary>Floats between consecutive positions of the output (its channels, or the concat's for a slice).</summary>
    public int PixelStride { get; set; }
    /// <summary>A convolution's zero-bordered input copy (explicit or Same padding), or -1.</summary>
    public int PaddedBuffer { get; set; } = -1;
    /// <summary>Arena offset of <see cref="PaddedBuffer"/>.</summary>
    public int PaddedOffset { get; set; }

    /// <summary>Whether its (first) input is the network's input, which it reads through a <c>Kernels.TensorRef</c> (<see cref="CallerTensors"/>).</summary>
    public bool InputFromCaller { get; set; }
    /// <summary>Whether its fused residual is the network's input, read through a <c>Kernels.TensorRef</c>.</summary>
    public bool ResidualFromCaller { get; set; }
    /// <summary>Whether it writes the network's output, through a <c>Kernels.TensorRef</c>.</summary>
    public bool OutputToCaller { get; set; }

    /// <summary>For <see cref="NodeRole.Compute"/>: what its layer method's code depends on (null otherwise).</summary>
    public LayerGeometry? Geometry { get; set; }
    /// <summary>
    /// For <see cref="NodeRole.Compute"/>: the first node of equal <see cref="Geometry"/>, whose layer method this node
    /// calls with its own offsets and weights (its own id when it is the first); -1 otherwise.
    /// </summary>
    public int Method { get; set; } = -1;
}

/// <summary>One region of the scratch arena and the node steps during which it must hold its values.</summary>
internal sealed class ArenaBuffer
{
    public ArenaBuffer(int id, int length, string purpose)
    {
        Id = id;
        Length = length;
        Purpose = purpose;
    }

    public int Id { get; }
    public int Length { get; }
    public string Purpose { get; }
    /// <summary>First node step that writes it.</summary>
    public int FirstUse { get; set; } = int.MaxValue;
    /// <summary>Last node step that reads it (inclusive).</summary>
    public int LastUse { get; set; } = -1;
    public int Offset { get; set; } = -1;

    public bool OverlapsInTime(ArenaBuffer other) => FirstUse <= other.LastUse && other.FirstUse <= LastUse;
}

/// <summary>
/// The compile-time memory and fusion plan of a network's inference code: per node decisions, the arena buffers
/// and their offsets. Plain data, Roslyn-free, so the emitter and analyzers can both read it.
/// </summary>
internal sealed class InferencePlan
{
    public InferencePlan(IReadOnlyList<NodePlan> nodes, IReadOnlyList<ArenaBuffer> buffers, int arenaLength, int outputNode, IReadOnlyList<int> denseTail,
        bool inputFromCaller, bool outputToCaller, LayerMajor? layerMajor)
    {
        LayerMajor = layerMajor;
        InputFromCaller = inputFromCaller;
        OutputToCaller = outputToCaller;
        Nodes = nodes;
        Buffers = buffers;
        ArenaLength = arenaLength;
        OutputNode = outputNode;
        DenseTail = denseTail;
    }

    public IReadOnlyList<NodePlan> Nodes { get; }
    public IReadOnlyList<ArenaBuffer> Buffers { get; }
    /// <summary>Floats of scratch per image, before the vector slack.</summary>
    public int ArenaLength { get; }
    /// <summary>The node whose values are the network output.</summary>
    public int OutputNode { get; }
    /// <summary>The dense layers ending the network that a batch runs on several images at once (<see cref="Model.DenseTail"/>), or none.</summary>
    public IReadOnlyList<int> DenseTail { get; }

    /// <summary>Where a batch on one thread runs layer by layer over a chunk of images (<see cref="Model.LayerMajor"/>), or null.</summary>
    public LayerMajor? LayerMajor { get; }

    /// <summary>Whether <c>Forward(input, output)</c> reads the network's input in the caller's span (<see cref="CallerTensors"/>).</summary>
    public bool InputFromCaller { get; }
    /// <summary>Whether <c>Forward(input, output)</c> writes the network's output in the caller's span.</summary>
    public bool OutputToCaller { get; }
    /// <summary>Whether either side is the caller's: the layers then take the network's input and output as <c>Kernels.TensorRef</c>s.</summary>
    public bool UsesCallerTensors => InputFromCaller || OutputToCaller;

    /// <summary>Vector slack after the arena: partial-vector stores and loads may touch up to 16 floats past a buffer.</summary>
    public const int Slack = 16;

    /// <summary>Alignment of buffer offsets, in floats (64 bytes).</summary>
    public const int Alignment = 16;

    /// <summary>Scratch floats per image including the slack (the generated <c>ScratchLength</c>).</summary>
    public int ScratchLength => ArenaLength + Slack;
}
