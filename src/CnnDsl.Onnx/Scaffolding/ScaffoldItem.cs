using System.Collections.Generic;

namespace CnnDsl.Onnx;

/// <summary>One line (or <c>[Use]</c> of a block) of a scaffolded definition.</summary>
internal abstract record ScaffoldItem;

/// <summary>A layer attribute, written as <c>[Attribute]</c>; the facts a composite's recognizer needs ride along.</summary>
/// <param name="Attribute">The attribute text without brackets, e.g. <c>Conv(64, 3, Act = Act.Relu)</c>.</param>
internal sealed record LayerItem(string Attribute) : ScaffoldItem
{
    /// <summary>The primitive operation the attribute lowers to (<see cref="Op.Input"/> for a composite, which lowers to several).</summary>
    public Op Op { get; init; }

    /// <summary>Filters or units (0 when the layer has none); a squeeze-and-excitation's squeezed channels.</summary>
    public long Filters { get; init; }

    /// <summary>The activation argument (<c>Act = Act.Relu</c>) or ""; a squeeze-and-excitation's squeeze activation.</summary>
    public string Act { get; init; } = "";

    /// <summary>The shape the layer reads.</summary>
    public ScaffoldShape In { get; init; }

    /// <summary>The side of a square window (convolution or pool), 0 when it is not square or there is none.</summary>
    public long Kernel { get; init; }

    /// <summary>The stride of a window on both axes, 0 when they differ or there is none.</summary>
    public long Stride { get; init; }

    /// <summary>
    /// A window a composite lowers to: padded exactly as <c>Padding.Same</c> pads <see cref="In"/>, not dilated and
    /// not grouped (other than depthwise).
    /// </summary>
    public bool SameWindow { get; init; }

    /// <summary>A 1x1, stride 1, unpadded convolution with a bias and no batch norm.</summary>
    public bool PlainPointwise { get; init; }
}

/// <summary>A comment line (what could not be expressed).</summary>
internal sealed record CommentItem(string Text) : ScaffoldItem;

/// <summary>A fork and its merge, written as a <c>[Block]</c> class applied with <c>[Use]</c>.</summary>
internal sealed record BlockItem(string Merge, string Act, IReadOnlyList<ScaffoldBranch> Branches) : ScaffoldItem;

/// <summary>One branch of a fork: the identity (a shortcut) or a sequence of items; <paramref name="Shape"/> is its output.</summary>
internal sealed record ScaffoldBranch(bool Identity, IReadOnlyList<ScaffoldItem> Items, ScaffoldShape Shape);

/// <summary>An NHWC shape while scaffolding (long: ONNX dims are 64-bit and checked before use).</summary>
internal readonly record struct ScaffoldShape(long H, long W, long C);
