namespace CnnDsl.Diagnostics;

/// <summary>
/// Every diagnostic ID CnnDsl reports, in one place (descriptors live with the analyzers, fixes reuse these
/// constants). IDs are never reused. CNN00xx: definitions that cannot work; CNN01xx: cost feedback.
/// </summary>
internal static class DiagnosticIds
{
    public const string MalformedInput = "CNN0001";
    public const string NotPartial = "CNN0002";
    public const string NonPositiveArgument = "CNN0003";
    public const string KernelLargerThanInput = "CNN0004";
    public const string OutputCollapses = "CNN0005";
    public const string ConcatSpatialMismatch = "CNN0006";
    public const string AddShapeMismatch = "CNN0007";
    public const string NotABlock = "CNN0008";
    public const string BlockCycle = "CNN0009";
    public const string InvalidArgument = "CNN0010";
    public const string EmptyBlock = "CNN0011";
    public const string NegativePad = "CNN0012";
    public const string TooLarge = "CNN0013";
    public const string UsedBlockHasErrors = "CNN0014";
    public const string IncompletePads = "CNN0015";

    public const string BottleneckSuggested = "CNN0101";
    public const string SeparableSuggested = "CNN0102";
    public const string BudgetExceeded = "CNN0103";
    public const string LayerCost = "CNN0104";
    public const string SimdLanesWasted = "CNN0105";
    public const string GeneratedCodeTooLarge = "CNN0106";
    public const string FactorizationSuggested = "CNN0107";

    // Scaled variants ([Network(BasedOn = ...)]); a block of their own so concurrent additions do not collide.
    public const string BaseNotANetwork = "CNN0020";
    public const string ScaleNotPositive = "CNN0021";
    public const string BasedOnCycle = "CNN0022";
    public const string VariantDeclaresLayers = "CNN0023";
    public const string ScalingConflict = "CNN0024";
    public const string BaseHasErrors = "CNN0025";

    // The class declaration itself (hostile but valid C#); a block of their own as well.
    public const string UnsupportedNetworkClass = "CNN0030";
    public const string GeneratedMemberConflict = "CNN0031";
    public const string LayersOnSeveralDeclarations = "CNN0032";
    public const string DuplicateLayerName = "CNN0033";

    // Transfer learning: a network From a backbone.
    public const string BackboneProblem = "CNN0040";
    public const string BackboneHasErrors = "CNN0041";
    public const string NotABackboneLayer = "CNN0042";

    /// <summary>Info: the compound coefficient a MaxMultiplyAdds budget chose for a scaled variant, and the single-dimension alternatives.</summary>
    public const string BudgetScaling = "CNN0110";

    /// <summary>Info: a scaled variant's cost relative to its base.</summary>
    public const string VariantCost = "CNN0150";
}
