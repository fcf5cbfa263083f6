using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// <see cref="LayerPacking"/> with the weights and the vector width given once: a generated constructor makes one
/// (<c>var pack = new LayerPacker(weights, lanes)</c>) and packs each layer in a statement that names only the layer,
/// <c>_weights3 = pack.Conv("conv2", out _shifts3)</c>. Each method is <see cref="LayerPacking"/>'s of the same name.
/// For generated code only.
/// </summary>
/// <param name="weights">The network's parameter tensors.</param>
/// <param name="lanes">Floats per vector of the kernels that read the packed weights.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LayerPacker(NetworkWeights weights, int lanes)
{
    /// <inheritdoc cref="LayerPacking.Conv"/>
    public float[] Conv(string name, out float[] shifts, params string[] foldedBatchNorms) => LayerPacking.Conv(weights, name, lanes, out shifts, foldedBatchNorms);

    /// <inheritdoc cref="LayerPacking.Winograd"/>
    public float[] Winograd(string name, out float[] shifts, params string[] foldedBatchNorms) => LayerPacking.Winograd(weights, name, lanes, out shifts, foldedBatchNorms);

    /// <inheritdoc cref="LayerPacking.Winograd4"/>
    public float[] Winograd4(string name, out float[] shifts, params string[] foldedBatchNorms) => LayerPacking.Winograd4(weights, name, lanes, out shifts, foldedBatchNorms);

    /// <inheritdoc cref="LayerPacking.Winograd5x5"/>
    public float[] Winograd5x5(string name, out float[] shifts, params string[] foldedBatchNorms) => LayerPacking.Winograd5x5(weights, name, lanes, out shifts, foldedBatchNorms);

    /// <inheritdoc cref="LayerPacking.WinogradLine4"/>
    public float[] WinogradLine4(string name, out float[] shifts, params string[] foldedBatchNorms) => LayerPacking.WinogradLine4(weights, name, lanes, out shifts, foldedBatchNorms);

    /// <inheritdoc cref="LayerPacking.Dense"/>
    public float[] Dense(string name, out float[] shifts, params string[] foldedBatchNorms) => LayerPacking.Dense(weights, name, lanes, out shifts, foldedBatchNorms);

    /// <inheritdoc cref="LayerPacking.Depthwise"/>
    public float[] Depthwise(string name, out float[] shifts, params string[] foldedBatchNorms) => LayerPacking.Depthwise(weights, name, out shifts, foldedBatchNorms);

    /// <inheritdoc cref="LayerPacking.BatchNorm"/>
    public float[] BatchNorm(string name, out float[] shifts, params string[] foldedBatchNorms) => LayerPacking.BatchNorm(weights, name, out shifts, foldedBatchNorms);
}
