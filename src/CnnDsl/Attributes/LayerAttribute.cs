using System;

namespace CnnDsl;

/// <summary>Base of every layer attribute. Layers apply in the order they are written.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
#if CNNDSL_ROSLYN
internal
#else
public
#endif
abstract class LayerAttribute : Attribute
{
    /// <summary>The layer's name in summaries and weight files; by default the kind and its position (e.g. <c>conv3</c>).</summary>
    public string? Name { get; set; }

    /// <summary>
    /// Whether training updates this layer's parameters (default true). False freezes it: no gradients, and a batch
    /// norm keeps its running statistics. On <c>[Use]</c> it freezes the whole block.
    /// </summary>
    public bool Trainable { get; set; } = true;
}
