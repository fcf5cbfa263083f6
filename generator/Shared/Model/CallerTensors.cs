using System.Collections.Generic;
using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// Whether the generated <c>Forward(input, output)</c> reads the network's input where the caller holds it and writes its output where the caller wants it, instead of copying the image into the arena and
/// the result out of it (on W6, a 1x1 convolution, the two copies were 30% of the call). Each side is decided alone:
/// the input when every layer reading it reads only inside the tensor (the arena has vector slack after every buffer,
/// the caller's span does not) and none overwrites it; the output when a single layer writes it, whole and only
/// inside. The layers concerned then take the tensor as a <c>Kernels.TensorRef</c> (<see cref="NodePlan.InputFromCaller"/>,
/// <see cref="NodePlan.ResidualFromCaller"/>, <see cref="NodePlan.OutputToCaller"/>), which <c>Forward()</c> points
/// at the arena's own regions, so both calls run the same layer code. On two threads the spans are pinned for the image
/// and the helper thread finds them by address (<c>Kernels.PinnedSpans</c>).
/// </summary>
internal static class CallerTensors
{
    /// <summary>Lanes of the widest vector: a tensor of a multiple of this many channels loads and stores whole vectors at every width.</summary>
    public const int Lanes = 16;

    /// <summary>Whether <paramref name="channels"/> fill whole vectors at every width (<see cref="Lanes"/>).</summary>
    public static bool WholeVectors(int channels) => channels % Lanes == 0;

    /// <summary>Decides both sides and marks the layers that take a caller's tensor; returns (input, output).</summary>
    public static (bool Input, bool Output) Decide(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, IReadOnlyList<ArenaBuffer> buffers, int output, IReadOnlyList<int> denseTail)
    {
        // A batch's dense layers gather their input from the arena and write the output themselves: left as they are.
        if (denseTail.Count > 0) return (false, false);
        int inputBuffer = plans[0].Buffer, outputBuffer = plans[output].Buffer;
        if (inputBuffer == outputBuffer) return (false, false);
        bool input = ReadsInside(nodes, plans, inputBuffer);
        int writer = SoleWriter(nodes, plans, outputBuffer, output);
        bool result = writer > 0 && plans[writer].Offset == buffers[outputBuffer].Offset && plans[writer].PixelStride == nodes[writer].Output.Channels
            && (long)nodes[writer].Output.Elements == nodes[output].Output.Elements && nodes[writer].Operation.WritesOutputInside(nodes[writer], plans[writer]);
        foreach (var node in nodes)
        {
            var plan = plans[node.Id];
            if (plan.Role != NodeRole.Compute) continue;
            plan.InputFromCaller = input && node.Inputs.Count > 0 && plans[node.Inputs[0]].Buffer == inputBuffer;
            plan.ResidualFromCaller = input && plan.Residual >= 0 && plans[plan.Residual].Buffer == inputBuffer;
            plan.OutputToCaller = result && node.Id == writer;
        }
        return (input, result);
    }

    /// <summary>Whether every computing node that touches the input's buffer only reads it, inside the tensor.</summary>
    private static bool ReadsInside(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, int buffer)
    {
        foreach (var node in nodes)
        {
            var plan = plans[node.Id];
            if (plan.Role != NodeRole.Compute) continue;
            if (plan.Buffer == buffer) return false;
            for (int k = 0; k < node.Inputs.Count; k++)
            {
                if (plans[node.Inputs[k]].Buffer != buffer) continue;
                if (k > 0 || !node.Operation.ReadsInputInside(node, plan)) return false;
            }
            foreach (var (copied, _) in plan.CopiedInputs) if (plans[copied].Buffer == buffer) return false;
            // The epilogue loads the residual's channel vectors at each position.
            if (plan.Residual >= 0 && plans[plan.Residual].Buffer == buffer && !WholeVectors(nodes[plan.Residual].Output.Channels)) return false;
        }
        return true;
    }

    /// <summary>The one computing node that writes the output's buffer, when it produces the output (through aliases only); else -1.</summary>
    private static int SoleWriter(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, int buffer, int output)
    {
        int root = output;
        while (plans[root].Role == NodeRole.Alias) root = plans[root].AliasOf;
        if (plans[root].Role != NodeRole.Compute || plans[root].SliceOf >= 0 || plans[root].InPlace) return -1;
        foreach (var node in nodes)
        {
            if (node.Id != root && plans[node.Id].Role == NodeRole.Compute && plans[node.Id].Buffer == buffer) return -1;
        }
        // An activation it cannot apply in registers runs as a pass over the stored output.
        if (plans[root].Act == Act.Softmax || (plans[root].Residual >= 0 && plans[root].ResidualAct == Act.Softmax)) return -1;
        return root;
    }
}
