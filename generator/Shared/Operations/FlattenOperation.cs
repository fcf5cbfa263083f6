namespace CnnDsl.Operations;

/// <summary>HxWxC to 1x1x(HWC): moves no data in NHWC.</summary>
internal sealed record FlattenOperation : Operation
{
    public override Op Op => Op.Flatten;

    public override Join Joins => Join.Identity;

    public override string IdentityNote => "Flatten moves no data in NHWC";

    public override string Describe() => "Flatten";
}
