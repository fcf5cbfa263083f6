using CnnDsl.Text;

namespace CnnDsl.Operations;

/// <summary>Elementwise sum of its inputs, then the activation: a residual add fuses into a producer's epilogue.</summary>
internal sealed record AddOperation(Act Act) : Operation
{
    public override Op Op => Op.Add;

    public override Act Act { get; } = Act;

    public override Join Joins => Join.ResidualEpilogue;

    public override bool InPlace => true;

    public override string Describe() => NodeText.Merge("add", Act);
}
