using System;

namespace CnnDsl.Training;

/// <summary>Which of a node's parameters train (the memory plan depends on it: frozen parts keep nothing for backward).</summary>
[Flags]
#if CNNDSL_ROSLYN
internal
#else
public
#endif
enum TrainedParts
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>Some parameter tensor of the node trains (so the loss's gradient must reach it).</summary>
    Some = 1,
    /// <summary>The weight tensor of a convolution or dense layer trains (its gradient reads the input).</summary>
    Weight = 2,
    /// <summary>The batch norm's scale or shift trains (it then normalizes with batch statistics).</summary>
    BatchNorm = 4,
}
