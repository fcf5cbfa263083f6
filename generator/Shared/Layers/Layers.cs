using System;
using System.Collections.Generic;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary>
/// The registry: every layer kind and its definition. The switch has no default arm, so a <see cref="LayerKind"/>
/// added without its definition fails to compile (CS8509 is an error here).
/// </summary>
internal static class Layers
{
    private static readonly LayerDefinition Conv = new ConvLayer();
    private static readonly LayerDefinition DepthwiseConv = new DepthwiseConvLayer();
    private static readonly LayerDefinition MaxPool = new PoolLayer(max: true);
    private static readonly LayerDefinition AvgPool = new PoolLayer(max: false);
    private static readonly LayerDefinition GlobalAvgPool = new GlobalAvgPoolLayer();
    private static readonly LayerDefinition Dense = new DenseLayer();
    private static readonly LayerDefinition Flatten = new FlattenLayer();
    private static readonly LayerDefinition BatchNorm = new BatchNormLayer();
    private static readonly LayerDefinition Dropout = new DropoutLayer();
    private static readonly LayerDefinition Activation = new ActivationLayer();
    private static readonly LayerDefinition Inception = new InceptionLayer();
    private static readonly LayerDefinition DepthwiseSeparable = new DepthwiseSeparableLayer();
    private static readonly LayerDefinition InvertedResidual = new InvertedBottleneckLayer(mbconv: false);
    private static readonly LayerDefinition Use = new UseLayer();
    private static readonly LayerDefinition Identity = new IdentityLayer();
    private static readonly LayerDefinition MBConv = new InvertedBottleneckLayer(mbconv: true);
    private static readonly LayerDefinition SqueezeExcite = new SqueezeExciteLayer();

#pragma warning disable CS8524 // Values outside the enum never reach here: kinds come from the registry.
    public static LayerDefinition For(LayerKind kind) => kind switch
    {
        LayerKind.Conv => Conv,
        LayerKind.DepthwiseConv => DepthwiseConv,
        LayerKind.MaxPool => MaxPool,
        LayerKind.AvgPool => AvgPool,
        LayerKind.GlobalAvgPool => GlobalAvgPool,
        LayerKind.Dense => Dense,
        LayerKind.Flatten => Flatten,
        LayerKind.BatchNorm => BatchNorm,
        LayerKind.Dropout => Dropout,
        LayerKind.Activation => Activation,
        LayerKind.Inception => Inception,
        LayerKind.DepthwiseSeparable => DepthwiseSeparable,
        LayerKind.InvertedResidual => InvertedResidual,
        LayerKind.Use => Use,
        LayerKind.Identity => Identity,
        LayerKind.MBConv => MBConv,
        LayerKind.SqueezeExcite => SqueezeExcite,
    };
#pragma warning restore CS8524

    /// <summary>Every definition, by the name of its attribute class (e.g. "ConvAttribute"; generic <c>Use&lt;T&gt;</c> included).</summary>
    public static readonly IReadOnlyDictionary<string, LayerDefinition> ByAttributeName = Index();

    private static Dictionary<string, LayerDefinition> Index()
    {
        var index = new Dictionary<string, LayerDefinition>(StringComparer.Ordinal);
        foreach (LayerKind kind in Enum.GetValues(typeof(LayerKind)))
        {
            var definition = For(kind);
            index[definition.AttributeType.Name] = definition;
        }
        return index;
    }
}
