extern alias generator;

using System;
using System.Linq;
using CnnDsl.Generator.Tests.Infrastructure;
using generator::CnnDsl.Generator.Emit.Operations;
using generator::CnnDsl.Model;
using GeneratorOp = generator::CnnDsl.Op;
using LayerRegistry = generator::CnnDsl.Layers.Layers;
using OperationBase = generator::CnnDsl.Operations.Operation;
using OperationRecords = generator::CnnDsl.Operations.Operations;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// One operation, one place: every public layer attribute has its layer definition, every primitive operation its
/// record and its emitter, and one definition using every layer attribute goes through the model, the generator
/// (code that compiles, one summary row per layer, every operation in the graph) and the analyzers without a gap.
/// A new attribute or operation that misses one of these places fails here (the registries' switches also fail to
/// compile when an enum value has no arm).
/// </summary>
public class OperationRegistryTests
{
    [Fact]
    public void Every_public_layer_attribute_has_a_layer_definition()
    {
        var attributes = typeof(global::CnnDsl.LayerAttribute).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && typeof(global::CnnDsl.LayerAttribute).IsAssignableFrom(t))
            .Select(t => t.IsGenericType ? t.Name.Substring(0, t.Name.IndexOf('`')) : t.Name)
            .Distinct()
            .ToList();
        Assert.NotEmpty(attributes);
        foreach (var name in attributes)
            Assert.True(LayerRegistry.ByAttributeName.ContainsKey(name), name + " has no layer definition in Shared/Layers (register it in Layers.For).");
        foreach (LayerKind kind in Enum.GetValues(typeof(LayerKind)))
            Assert.Equal(kind, LayerRegistry.For(kind).Kind);
    }

    [Fact]
    public void Every_operation_has_its_record_and_its_emitter()
    {
        foreach (GeneratorOp op in Enum.GetValues(typeof(GeneratorOp)))
        {
            Assert.True(typeof(OperationBase).IsAssignableFrom(OperationRecords.RecordType(op)), op.ToString());
            Assert.NotNull(OperationEmitters.For(op));
        }
        // The generator's Op is the runtime's, compiled from the same source: same names, same values.
        Assert.Equal(Enum.GetNames(typeof(global::CnnDsl.Op)), Enum.GetNames(typeof(GeneratorOp)));
        Assert.Equal(Values(typeof(global::CnnDsl.Op)), Values(typeof(GeneratorOp)));
    }

    private static int[] Values(Type enumType) => Enum.GetValues(enumType).OfType<object>().Select(Convert.ToInt32).ToArray();

    /// <summary>Every layer attribute at least once (Identity and Use through a block), lowering to every operation.</summary>
    internal const string EveryLayer = """
        using CnnDsl;
        namespace Every;
        [Block(Merge = Merge.Add, Act = Act.Relu)]
        public partial class Residual
        {
            [Conv(8, 3, BatchNorm = true, Act = Act.Relu)] [Conv(8, 3)] partial void Main();
            [Identity] partial void Shortcut();
        }
        [Network(Input = "16x16x3")]
        [Conv(8, 3, Stride = 2, Act = Act.Relu)]
        [DepthwiseConv(3, Act = Act.Relu6)]
        [BatchNorm(Act = Act.HardSwish)]
        [Use<Residual>(Repeat = 2)]
        [Inception(4, 4, 8, 2, 4, 4)]
        [DepthwiseSeparable(16)]
        [InvertedResidual(16, Expansion = 2)]
        [MBConv(24, Expansion = 2, Kernel = 5, Stride = 2)]
        [SqueezeExcite(0.5)]
        [MaxPool(2, Padding = Padding.Valid)]
        [AvgPool(2, Stride = 1)]
        [Activation(Act.Swish)]
        [Dropout(0.2)]
        [Flatten]
        [Dense(12, Act = Act.Sigmoid)]
        [Dense(10)]
        [Activation(Act.Softmax)]
        public partial class AllLayers { }
        [Network(Input = "8x8x6")]
        [GlobalAvgPool]
        [Dense(4)]
        public partial class Pooled { }
        """;

    [Fact]
    public void A_definition_with_every_layer_goes_through_model_generator_and_analyzers()
    {
        // Every attribute kind appears in the source, so a new one must be added here too.
        foreach (var name in LayerRegistry.ByAttributeName.Keys)
            Assert.Contains("[" + name.Substring(0, name.Length - "Attribute".Length), EveryLayer);

        var outcome = GeneratorHarness.Run(EveryLayer);
        Assert.Null(outcome.Result.Results.Single().Exception);
        Assert.Empty(outcome.GeneratorDiagnostics);
        var errors = outcome.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5)));
        Assert.DoesNotContain(GeneratorHarness.Analyze(outcome.Output), d => d.Id is "AD0001" || d.Severity == DiagnosticSeverity.Error);

        string generated = string.Join("\n", outcome.Sources.Select(s => s.SourceText.ToString()));
        // Every operation has a Graph row, whose text starts with the operation: { id, "name", "Conv 0 -> ..." }.
        foreach (var op in Enum.GetNames(typeof(GeneratorOp)))
            Assert.Contains("\", \"" + op + " ", generated);
        // One Layers row per layer attribute of AllLayers (17), each with its kind: Summary() lays out its rows from them.
        foreach (var kind in new[] { "Conv", "DepthwiseConv", "BatchNorm", "Use<Residual>", "Inception", "DepthwiseSeparable", "InvertedResidual",
            "MBConv", "SqueezeExcite", "MaxPool", "AvgPool", "Activation", "Dropout", "Flatten", "Dense", "GlobalAvgPool" })
            Assert.Contains("\", \"" + kind + "\", ", generated);
    }
}
