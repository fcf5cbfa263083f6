using System.Collections.Generic;

namespace CnnDsl.Onnx;

/// <summary>One line (or <c>[Use]</c> of a block) of a scaffolded definition.</summary>
internal abstract record ScaffoldItem;

/// <summary>A layer attribute, written as <c>[Attribute]</c>; the facts a composite's recognizer needs ride along.</summary>
/// <param name="Attribute">The attribute text without brackets, e.g. <c>Conv(64, 3, Act = Act.Relu)</c>.</param>
internal sealed record LayerItem(string Attribute) : ScaffoldItem
{
    /// <summary>The primitive operation the attribute lowers to.</summary>
    public Op Op { get; init; }

    /// <summary>Filters or units (0 when the layer has none).</summary>
    public long Filters { get; init; }

    /// <summary>The activation argument (<c>Act = Act.Relu</c>) or "".</summary>
    public string Act { get; init; } = "";

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
