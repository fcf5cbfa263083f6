namespace CnnDsl.Training;

/// <summary>
/// One node's place in a <see cref="TrainingPlan"/>: the slots its values live in (equal slots when a stage runs in
/// place), the slot of its output gradient (-1 when the gradient does not reach it), which values it keeps from the
/// forward pass for backward, and which of its parameters the plan assumed to train.
/// </summary>
/// <param name="Core">Slot of the operation's output.</param>
/// <param name="Normalized">Slot of the batch norm's output (the core's slot when there is none or it runs in place).</param>
/// <param name="Output">Slot of the node's output (the normalized slot when the activation runs in place).</param>
/// <param name="Gradient">Slot of dloss/doutput, or -1.</param>
/// <param name="Kept">The values backward reads.</param>
/// <param name="Trains">What the plan assumed to train in this node.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed record TrainingBuffers(int Core, int Normalized, int Output, int Gradient, KeptValues Kept, TrainedParts Trains);
