namespace CnnDsl.Operations;

/// <summary>Mean over height and width: HxWxC to 1x1xC.</summary>
internal sealed record GlobalAvgPoolOperation : Operation
{
    public override Op Op => Op.GlobalAvgPool;

    public override string Describe() => "GlobalAvgPool";
}
