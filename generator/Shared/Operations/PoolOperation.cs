namespace CnnDsl.Operations;

/// <summary>Max pooling (padding never wins) or average pooling (padding not counted) over a window.</summary>
internal sealed record PoolOperation(bool Max, Window Window) : Operation, IWindowed
{
    public override Op Op => Max ? Op.MaxPool : Op.AvgPool;

    public override string Describe() => Window.Text + (Max ? " max pool" : " avg pool");
}
