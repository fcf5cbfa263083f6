using System;

namespace CnnDsl.Training;

/// <summary>
/// What a kernel is built from: its node, the shared run, the parameter tensors by name, and the node's generated
/// training layer when the network's generated <c>Training</c> type has one for it (checked against the node).
/// </summary>
internal sealed record KernelSetup(TrainingNode Node, TrainingRun Run, Func<string, Parameter> Parameter, float DropoutRate, TrainingLayer? Layer = null);
