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
}
