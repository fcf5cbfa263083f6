using System;

namespace CnnDsl;

/// <summary>
/// Marks a <c>partial class</c> as a network. Its layer attributes apply in source order, starting from
/// <see cref="Input"/>. The generator adds the shape and cost constants, <c>Summary()</c> and the inference code.
/// </summary>
/// <remarks>
/// Scaled variants (EfficientNet's compound scaling, Tan and Le 2019): a network <see cref="BasedOn"/> another takes
/// the base's input and layers and declares no layers of its own, e.g.
/// <c>[Network(BasedOn = typeof(EfficientNetB0), Width = 1.1, Depth = 1.2, Resolution = 260)]</c>.
/// <see cref="Width"/> multiplies the filters of every layer that has them (Conv, DepthwiseSeparable,
/// InvertedResidual, MBConv, Inception columns, Dense units; not the last Dense layer, the classifier), rounded as
/// the reference implementation does: <c>max(8, (int)(f * w + 4) / 8 * 8)</c>, plus 8 when that is under 90% of
/// <c>f * w</c>. <see cref="Depth"/> multiplies the Repeat of InvertedResidual and MBConv, rounded up.
/// <see cref="Resolution"/> replaces the input's height and width. <see cref="Phi"/> sets all three at once: width
/// 1.1^phi, depth 1.2^phi, resolution round(size * 1.15^phi) with halves away from zero. A chain (B2 based on B1
/// based on B0) scales the root once, by the products of the factors along the chain. The factors also apply to a
/// network's own layers when it has no base.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class NetworkAttribute : Attribute
{
    /// <summary>The input shape as height x width x channels, e.g. <c>"224x224x3"</c>; taken from the base when <see cref="BasedOn"/> is set.</summary>
    public string Input { get; set; } = "";

    /// <summary>
    /// Budget of multiply-adds per image; the analyzer reports CNN0103 (an error) when the network needs more.
    /// 0 (the default) means no budget.
    /// </summary>
    public long MaxMultiplyAdds { get; set; }

    /// <summary>
    /// Budget of weights and biases (the generated <c>Parameters</c>, batch normalization apart); the analyzer reports
    /// CNN0103 (an error) when the network has more. 0 (the default) means no budget.
    /// </summary>
    public long MaxParameters { get; set; }

    /// <summary>
    /// Transfer learning: the network whose input and layers this one starts from, up to and including the layer named
    /// <see cref="Through"/>; this network's own layers follow (Keras's <c>include_top=False</c> plus a new head). The
    /// backbone's layers keep their names, so its weights load by name from the same ONNX or safetensors file. They are
    /// frozen unless <see cref="TrainFrom"/> says from where they train. <see cref="Resolution"/> runs the backbone at
    /// another input height and width (its convolutions work at any). Not combined with <see cref="BasedOn"/> or <see cref="Input"/>.
    /// </summary>
    public Type? From { get; set; }

    /// <summary>With <see cref="From"/>: the name of the backbone's last layer to keep (as its summary names it, e.g. <c>"gap1"</c>); unset keeps them all.</summary>
    public string? Through { get; set; }

    /// <summary>
    /// With <see cref="From"/>: the backbone layer from which on its layers train (the Keras guide's second stage:
    /// unfreeze the top blocks); unset freezes the whole backbone. Frozen layers get no gradients and their batch
    /// norms keep their running statistics.
    /// </summary>
    public string? TrainFrom { get; set; }

    /// <summary>The network whose input and layers this one scales (it declares no layers of its own).</summary>
    public Type? BasedOn { get; set; }

    /// <summary>Width multiplier: every filter count times this, rounded to a multiple of 8 (default 1: unchanged).</summary>
    public double Width { get; set; } = 1.0;

    /// <summary>Depth multiplier: every block repeat count times this, rounded up (default 1: unchanged).</summary>
    public double Depth { get; set; } = 1.0;

    /// <summary>The input's new height and width in pixels (channels kept); 0 keeps the base's (or the backbone's, with <see cref="From"/>).</summary>
    public int Resolution { get; set; }

    /// <summary>
    /// The compound coefficient: depth 1.2^phi, width 1.1^phi and resolution 1.15^phi (the paper's alpha, beta, gamma).
    /// Not combined with <see cref="Width"/>, <see cref="Depth"/> or <see cref="Resolution"/>.
    /// </summary>
    public double Phi { get; set; }
}
