namespace CnnDsl.Operations;

/// <summary>A standalone activation: in the producer's epilogue when it allows it, else in place.</summary>
internal sealed record ActivationOperation(Act Act) : Operation
{
    public override Op Op => Op.Activation;

    public override Act Act { get; } = Act;

    public override Join Joins => Join.ActivationEpilogue;

    public override bool InPlace => true;

    public override string Describe() => Act.ToString();
}
