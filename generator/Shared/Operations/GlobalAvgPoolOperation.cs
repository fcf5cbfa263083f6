using CnnDsl.Model;

namespace CnnDsl.Operations;

/// <summary>Mean over height and width: HxWxC to 1x1xC.</summary>
internal sealed record GlobalAvgPoolOperation : Operation
{
    public override Op Op => Op.GlobalAvgPool;

    /// <summary>A sum over every position of a few channels: too little work to share.</summary>
    public override ThreadSplit Split(Shape input, Shape output) => ThreadSplit.FirstThread;

    public override string Describe() => "GlobalAvgPool";
}
