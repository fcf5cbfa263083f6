using System;

namespace CnnDsl.Training;

/// <summary>A node's values that stay alive from its forward step until backward reads them.</summary>
[Flags]
#if CNNDSL_ROSLYN
internal
#else
public
#endif
enum KeptValues
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>The operation's output when a batch norm follows (training batch norm recomputes its normalized values from it).</summary>
    Core = 1,
    /// <summary>The batch norm's output when an activation follows and needs its input (Swish, HardSwish), or the loss reads the logits.</summary>
    Normalized = 2,
    /// <summary>The node's output (its activation's derivative, or a consumer's backward, reads it).</summary>
    Output = 4,
}
