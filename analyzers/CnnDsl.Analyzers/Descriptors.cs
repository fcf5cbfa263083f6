using CnnDsl.Diagnostics;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Analyzers;

/// <summary>
/// Every diagnostic CnnDsl reports. Definition errors are not configurable: a definition that cannot work must not be
/// silenced. Cost feedback (CNN01xx) is advice and a user-chosen budget, so its severity can be set in .editorconfig.
/// </summary>
internal static class Descriptors
{
    private const string DefinitionCategory = "CnnDsl.Definition";
    private const string ShapeCategory = "CnnDsl.Shape";
    private const string CostCategory = "CnnDsl.Cost";
    private const string DocsRoot = "https://github.com/cnndsl/cnndsl/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor MalformedInput = Error(DiagnosticIds.MalformedInput, DefinitionCategory,
        "Malformed input shape",
        "Input \"{0}\" is not a shape: write height x width x channels with positive integers, e.g. \"224x224x3\"");

    public static readonly DiagnosticDescriptor NotPartial = Error(DiagnosticIds.NotPartial, DefinitionCategory,
        "Network class is not partial",
        "'{0}' must be declared partial (with every containing type) so CnnDsl can generate its members");

    public static readonly DiagnosticDescriptor NonPositiveArgument = Error(DiagnosticIds.NonPositiveArgument, DefinitionCategory,
        "Size, stride or count is not positive",
        "{0} must be positive, but it is {1}");

    public static readonly DiagnosticDescriptor KernelLargerThanInput = Error(DiagnosticIds.KernelLargerThanInput, ShapeCategory,
        "Kernel larger than the padded input",
        "Layer '{0}': the {1} kernel does not fit the {2} input padded to {3} ({4})");

    public static readonly DiagnosticDescriptor OutputCollapses = Error(DiagnosticIds.OutputCollapses, ShapeCategory,
        "Pooling output collapses to zero",
        "Layer '{0}': the {1} window does not fit the {2} input padded to {3} ({4}), so the output has no positions");

    public static readonly DiagnosticDescriptor ConcatSpatialMismatch = Error(DiagnosticIds.ConcatSpatialMismatch, ShapeCategory,
        "Concatenated branches differ in height or width",
        "'{0}': branch '{1}' gives {2} but branch '{3}' gives {4}; concatenation along channels needs equal height and width");

    public static readonly DiagnosticDescriptor AddShapeMismatch = Error(DiagnosticIds.AddShapeMismatch, ShapeCategory,
        "Added branches differ in shape",
        "'{0}': branch '{1}' gives {2} but branch '{3}' gives {4}; an elementwise add needs equal shapes");

    public static readonly DiagnosticDescriptor NotABlock = Error(DiagnosticIds.NotABlock, DefinitionCategory,
        "Used type is not a block",
        "'{0}' is not a [Block] class, so it cannot be used as a layer");

    public static readonly DiagnosticDescriptor BlockCycle = Error(DiagnosticIds.BlockCycle, DefinitionCategory,
        "Block uses itself",
        "Block '{0}' uses itself (directly or through other blocks), so it would never end");

    public static readonly DiagnosticDescriptor InvalidArgument = Error(DiagnosticIds.InvalidArgument, DefinitionCategory,
        "Argument out of range",
        "{0} is {1}, but it must be {2}");

    public static readonly DiagnosticDescriptor EmptyBlock = Error(DiagnosticIds.EmptyBlock, DefinitionCategory,
        "Block has no branches",
        "Block '{0}' has no member carrying layer attributes or [Identity]");

    public static readonly DiagnosticDescriptor NegativePad = Error(DiagnosticIds.NegativePad, DefinitionCategory,
        "Negative padding",
        "Pad must be 0 or more (or -1 to use Padding), but it is {0}");

    public static readonly DiagnosticDescriptor TooLarge = Error(DiagnosticIds.TooLarge, ShapeCategory,
        "Tensor or cost too large",
        "{0} is too large: {1}, more than {2}");

    public static readonly DiagnosticDescriptor UsedBlockHasErrors = Error(DiagnosticIds.UsedBlockHasErrors, DefinitionCategory,
        "Used block has errors",
        "Block '{0}' cannot be used until its definition is fixed ({1} error(s) there, first: {2})");

    public static readonly DiagnosticDescriptor IncompletePads = Error(DiagnosticIds.IncompletePads, DefinitionCategory,
        "Asymmetric padding incomplete or negative",
        "{0} is {1}, but PadTop, PadLeft, PadBottom and PadRight must be set together, each 0 or more (or all left at -1)");

    public static readonly DiagnosticDescriptor BottleneckSuggested = Cost(DiagnosticIds.BottleneckSuggested, DiagnosticSeverity.Warning,
        "Costly convolution without a 1x1 bottleneck",
        "Layer '{0}': the {1} convolution {2} -> {3} costs {4} multiply-adds; a 1x1 bottleneck to {5} channels in front would cost {6} + {7} = {8}, {9} fewer{10}",
        "A KxK convolution reading many channels costs K*K*Cin multiply-adds per output value; reducing the channels with a 1x1 convolution first (GoogLeNet's and ResNet's bottleneck) cuts that by a large factor.");

    public static readonly DiagnosticDescriptor SeparableSuggested = Cost(DiagnosticIds.SeparableSuggested, DiagnosticSeverity.Warning,
        "Standard convolution a depthwise-separable one would replace",
        "Layer '{0}': the {1} convolution {2} -> {3} costs {4} multiply-adds; depthwise-separable it would cost {5} depthwise + {6} pointwise = {7}, {8} fewer (1/{9} + 1/{10}){11}",
        "MobileNet factors a KxK convolution into a KxK depthwise and a 1x1 pointwise convolution, which costs 1/Cout + 1/K^2 of the original.");

    public static readonly DiagnosticDescriptor FactorizationSuggested = Cost(DiagnosticIds.FactorizationSuggested, DiagnosticSeverity.Warning,
        "Large convolution that smaller ones in a row would replace",
        "Layer '{0}': the {1} convolution {2} -> {3} costs {4} multiply-adds; as {5} it would cost {6} + {7} = {8}, {9} fewer{10}",
        "Inception v3 factors a 5x5 convolution into two 3x3s (28% cheaper on equal channels) and an nxn into a 1xn then an nx1 (2/n of the cost), with the same receptive field.");

    public static readonly DiagnosticDescriptor BudgetExceeded = Cost(DiagnosticIds.BudgetExceeded, DiagnosticSeverity.Error,
        "Network exceeds its cost budget",
        "'{0}' needs {1} {2}, over its {3} budget of {4}; the most expensive layers are {5}",
        "The [Network] attribute's MaxMultiplyAdds or MaxParameters budget is exceeded.");

    public static readonly DiagnosticDescriptor LayerCost = Cost(DiagnosticIds.LayerCost, DiagnosticSeverity.Info,
        "Layer cost",
        "Layer '{0}' ({1}): {2} -> {3}, {4} multiply-adds ({5} of the network), {6} parameters ({7} of the network)",
        "Each layer's output shape and cost, shown on the attribute so the editor displays it on hover. Disabled by default; enable with dotnet_diagnostic.CNN0104.severity = suggestion.",
        isEnabledByDefault: false);

    public static readonly DiagnosticDescriptor SimdLanesWasted = Cost(DiagnosticIds.SimdLanesWasted, DiagnosticSeverity.Warning,
        "Channel count wastes SIMD lanes",
        "Layer '{0}': {1} {2} is not a multiple of {3}, so {4} of the {3}-float SIMD lanes in its last vector stay idle ({5} of the lanes); {6} would fill them{7}",
        "The generated kernels vectorize over channels (NHWC); MobileNet and EfficientNet round every width to a multiple of 8 for the same reason.");


    public static readonly DiagnosticDescriptor GeneratedCodeTooLarge = Cost(DiagnosticIds.GeneratedCodeTooLarge, DiagnosticSeverity.Warning,
        "Network too large to generate comfortably",
        "'{0}' lowers to {1} operations ({2} distinct layers), about {3} of generated C# that every build compiles (beyond {4} operations builds slow down markedly); layer '{5}' alone gives {6}",
        "Layers of the same geometry share one generated method, but every operation of the lowered network still gets its own rows (graph, tensors, weights, packing, its call), so a large Repeat multiplies the generated source, the compile time and the analyzers' time with it.");

    public static readonly DiagnosticDescriptor BaseNotANetwork = Error(DiagnosticIds.BaseNotANetwork, DefinitionCategory,
        "Base of a scaled network is not a network",
        "'{0}' is not a [Network] class, so '{1}' cannot be based on it");

    public static readonly DiagnosticDescriptor ScaleNotPositive = Error(DiagnosticIds.ScaleNotPositive, DefinitionCategory,
        "Scaling factor is not positive",
        "{0} must be positive and finite, but it is {1}");

    public static readonly DiagnosticDescriptor BasedOnCycle = Error(DiagnosticIds.BasedOnCycle, DefinitionCategory,
        "Network is based on itself",
        "'{0}' is based on itself ({1}), so it has no layers to scale");

    public static readonly DiagnosticDescriptor VariantDeclaresLayers = Error(DiagnosticIds.VariantDeclaresLayers, DefinitionCategory,
        "Scaled network declares layers",
        "'{0}' is based on '{1}' and takes its layers from it; it cannot declare layers of its own");

    public static readonly DiagnosticDescriptor ScalingConflict = Error(DiagnosticIds.ScalingConflict, DefinitionCategory,
        "Network arguments conflict",
        "{0} cannot be combined with {1}: {2}");

    public static readonly DiagnosticDescriptor BaseHasErrors = Error(DiagnosticIds.BaseHasErrors, DefinitionCategory,
        "Base network has errors",
        "'{0}' cannot be scaled from '{1}' until the base is fixed ({2} error(s) there, first: {3})");

    public static readonly DiagnosticDescriptor UnsupportedNetworkClass = Error(DiagnosticIds.UnsupportedNetworkClass, DefinitionCategory,
        "Network class cannot take the generated members",
        "'{0}' cannot be a network: {1}");

    public static readonly DiagnosticDescriptor GeneratedMemberConflict = Error(DiagnosticIds.GeneratedMemberConflict, DefinitionCategory,
        "Name taken by a generated member",
        "Network '{0}' {1} '{2}', a name CnnDsl generates in every network; rename it");

    public static readonly DiagnosticDescriptor LayersOnSeveralDeclarations = Error(DiagnosticIds.LayersOnSeveralDeclarations, DefinitionCategory,
        "Layers on more than one partial declaration",
        "Network '{0}' has layer attributes on more than one partial declaration, so their order would follow the order of the files; keep them on one declaration");

    public static readonly DiagnosticDescriptor DuplicateLayerName = Error(DiagnosticIds.DuplicateLayerName, DefinitionCategory,
        "Layer name used twice",
        "Layer name '{0}' is already given to another layer (by Name, or automatically, like conv2 for the second unnamed Conv); names key the weight tensors, so each must be unique");

    public static readonly DiagnosticDescriptor BackboneProblem = Error(DiagnosticIds.BackboneProblem, DefinitionCategory,
        "Network cannot start from this backbone",
        "'{0}' cannot start from '{1}': {2}");

    public static readonly DiagnosticDescriptor BackboneHasErrors = Error(DiagnosticIds.BackboneHasErrors, DefinitionCategory,
        "Backbone network has errors",
        "'{0}' cannot start from '{1}' until the backbone is fixed ({2} error(s) there, first: {3})");

    public static readonly DiagnosticDescriptor NotABackboneLayer = Error(DiagnosticIds.NotABackboneLayer, DefinitionCategory,
        "Through or TrainFrom names no layer of the backbone",
        "{0} = \"{1}\" names no layer of '{2}' (its layers: {3})");

    /// <summary>Info, reported by <see cref="VariantCostAnalyzer"/>: what a scaled variant costs next to its base.</summary>
    public static readonly DiagnosticDescriptor VariantCost = new(DiagnosticIds.VariantCost,
        "Cost of a scaled network relative to its base",
        "{0}: {1} multiply-adds ({2} {3}), {4} parameters ({5} {3})",
        "CnnDsl.Cost", DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: DocsRoot + DiagnosticIds.VariantCost + ".md");

    /// <summary>Info, reported by <see cref="VariantCostAnalyzer"/>: the scaling a MaxMultiplyAdds budget chose, and what depth, width or resolution alone would reach.</summary>
    public static readonly DiagnosticDescriptor BudgetScaling = new(DiagnosticIds.BudgetScaling,
        "Compound scaling chosen by a budget",
        "{0}: phi = {1} is the largest compound scaling of {2} within MaxMultiplyAdds = {3} (depth x{4}, width x{5}, resolution {6}; {7} multiply-adds); the same budget allows depth alone x{8}, width alone x{9} or resolution alone {10}",
        CostCategory, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: DocsRoot + DiagnosticIds.BudgetScaling + ".md");

    /// <summary>The descriptor for a model error ID.</summary>
    public static DiagnosticDescriptor? ForId(string id) => id switch
    {
        DiagnosticIds.MalformedInput => MalformedInput,
        DiagnosticIds.NotPartial => NotPartial,
        DiagnosticIds.NonPositiveArgument => NonPositiveArgument,
        DiagnosticIds.KernelLargerThanInput => KernelLargerThanInput,
        DiagnosticIds.OutputCollapses => OutputCollapses,
        DiagnosticIds.ConcatSpatialMismatch => ConcatSpatialMismatch,
        DiagnosticIds.AddShapeMismatch => AddShapeMismatch,
        DiagnosticIds.NotABlock => NotABlock,
        DiagnosticIds.BlockCycle => BlockCycle,
        DiagnosticIds.InvalidArgument => InvalidArgument,
        DiagnosticIds.EmptyBlock => EmptyBlock,
        DiagnosticIds.NegativePad => NegativePad,
        DiagnosticIds.TooLarge => TooLarge,
        DiagnosticIds.UsedBlockHasErrors => UsedBlockHasErrors,
        DiagnosticIds.IncompletePads => IncompletePads,


        DiagnosticIds.BaseNotANetwork => BaseNotANetwork,
        DiagnosticIds.ScaleNotPositive => ScaleNotPositive,
        DiagnosticIds.BasedOnCycle => BasedOnCycle,
        DiagnosticIds.VariantDeclaresLayers => VariantDeclaresLayers,
        DiagnosticIds.ScalingConflict => ScalingConflict,

        DiagnosticIds.BaseHasErrors => BaseHasErrors,
        DiagnosticIds.UnsupportedNetworkClass => UnsupportedNetworkClass,
        DiagnosticIds.GeneratedMemberConflict => GeneratedMemberConflict,
        DiagnosticIds.LayersOnSeveralDeclarations => LayersOnSeveralDeclarations,
        DiagnosticIds.DuplicateLayerName => DuplicateLayerName,

        DiagnosticIds.BackboneProblem => BackboneProblem,
        DiagnosticIds.BackboneHasErrors => BackboneHasErrors,
        DiagnosticIds.NotABackboneLayer => NotABackboneLayer,
        _ => null,
    };

    private static DiagnosticDescriptor Error(string id, string category, string title, string message)
        => new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: DocsRoot + id + ".md", customTags: WellKnownDiagnosticTags.NotConfigurable);

    private static DiagnosticDescriptor Cost(string id, DiagnosticSeverity severity, string title, string message, string description, bool isEnabledByDefault = true)
        => new(id, title, message, CostCategory, severity, isEnabledByDefault, description, helpLinkUri: DocsRoot + id + ".md");
}
