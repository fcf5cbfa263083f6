namespace CnnDsl.Operations;

/// <summary>Dropout: the identity at inference.</summary>
internal sealed record DropoutOperation(double Rate) : Operation
{
    public override Op Op => Op.Dropout;

    public override Join Joins => Join.Identity;

    public override string IdentityNote => "Dropout is the identity at inference";

    public override string Describe() => "Dropout";
}
