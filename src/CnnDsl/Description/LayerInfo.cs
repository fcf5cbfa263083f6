namespace CnnDsl;

/// <summary>One layer attribute of a network, with the shapes and costs computed at compile time.</summary>
/// <param name="Name">The layer's name (its <c>Name</c> argument, or the kind and position such as <c>conv3</c>).</param>
/// <param name="Kind">The attribute, e.g. <c>Conv</c> or <c>Use&lt;MyBlock&gt;</c>.</param>
/// <param name="Description">The arguments in short, e.g. <c>5x5/1 same, 32 filters, Relu</c>.</param>
/// <param name="Input">The shape the layer receives.</param>
/// <param name="Output">The shape it produces.</param>
/// <param name="MultiplyAdds">Multiply-accumulates per image (convolutions and dense layers; the papers' convention).</param>
/// <param name="Parameters">Weights and biases.</param>
/// <param name="BatchNormParameters">Learnable batch-normalization scale and shift (counted apart, as the papers do not count them).</param>
public sealed record LayerInfo(
    string Name,
    string Kind,
    string Description,
    TensorShape Input,
    TensorShape Output,
    long MultiplyAdds,
    long Parameters,
    long BatchNormParameters);
