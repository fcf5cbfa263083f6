namespace CnnDsl.Operations;

/// <summary>The network input (node 0).</summary>
internal sealed record InputOperation : Operation
{
    public override Op Op => Op.Input;

    public override string Describe() => "Input";
}
