using CnnDsl.Text;

namespace CnnDsl.Operations;

/// <summary>
/// Max pooling (padding never wins) or average pooling over a window: the mean of the positions inside the input,
/// or (<paramref name="CountIncludePad"/>, ONNX <c>count_include_pad</c>) the sum over the whole window's area.
/// </summary>
internal sealed record PoolOperation(bool Max, Window Window, bool CountIncludePad = false) : Operation, IWindowed
{
    public override Op Op => Max ? Op.MaxPool : Op.AvgPool;

    public override string Describe() => NodeText.Pool(Window.Text, Max, CountIncludePad);
}
