using CnnDsl.Model;

namespace CnnDsl.Generator;

/// <summary>What the emitter needs for one network: the definition and its inferred model. Equatable, so unchanged networks are not emitted again.</summary>
internal sealed record GenerationUnit(NetworkSpec Spec, NetworkModel Model);
