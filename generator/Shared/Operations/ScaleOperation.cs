namespace CnnDsl.Operations;

/// <summary>Squeeze-and-excitation's excite: input 0 (HxWxC) times input 1 (1x1xC) per channel. No parameters, no MACs.</summary>
internal sealed record ScaleOperation : Operation
{
    public override Op Op => Op.Scale;

    public override bool InPlace => true;

    public override bool GatesChannels => true;

    public override string Describe() => "Scale";
}
