using CnnDsl.Text;

namespace CnnDsl.Operations;

/// <summary>Channel concatenation of its inputs in order, then the activation; producers may write their slices directly.</summary>
internal sealed record ConcatOperation(Act Act) : Operation
{
    public override Op Op => Op.Concat;

    public override Act Act { get; } = Act;

    public override Join Joins => Join.ConcatSlices;

    public override string Describe() => NodeText.Merge("concat", Act);
}
