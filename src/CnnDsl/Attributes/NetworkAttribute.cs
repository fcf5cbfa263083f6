using System;

namespace CnnDsl;

/// <summary>
/// Marks a <c>partial class</c> as a network. Its layer attributes apply in source order, starting from
/// <see cref="Input"/>. The generator adds the shape and cost constants, <c>Summary()</c> and the inference code.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The input shape as height x width x channels, e.g. <c>"224x224x3"</c>.</summary>
    public string Input { get; set; } = "";
}
