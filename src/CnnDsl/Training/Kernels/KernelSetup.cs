using System;

namespace CnnDsl.Training;

/// <summary>What a kernel is built from: its node, the shared run, and the parameter tensors by name.</summary>
internal sealed record KernelSetup(TrainingNode Node, TrainingRun Run, Func<string, Parameter> Parameter, float DropoutRate);
