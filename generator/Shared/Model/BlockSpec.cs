namespace CnnDsl.Model;

/// <summary>A <c>[Block]</c> class: branches that read the same input, merged by concatenation or addition.</summary>
internal sealed record BlockSpec(string TypeName, Merge Merge, Act Act, EquatableArray<BranchSpec> Branches, int SourceId);

/// <summary>One member of a block: its layers in source order. An empty list with <see cref="IsIdentity"/> passes the input through.</summary>
internal sealed record BranchSpec(string MemberName, EquatableArray<LayerSpec> Layers, bool IsIdentity);
