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
}
