extern alias generator;

using System.Collections.Generic;
using System.Linq;
using CnnDsl.Generator.Tests.Infrastructure;
using generator::CnnDsl.Generator.Emit;
using generator::CnnDsl.Generator.Emit.Operations;
using generator::CnnDsl.Model;
using generator::CnnDsl.Reading;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Layers of equal <c>LayerGeometry</c> share one generated method. The geometry is the plan's claim of everything
/// a layer method's code depends on; here every layer's own code is written out and compared with the code of the
/// method it calls, so a dependency missing from the geometry (two layers sharing code that should differ) fails.
/// </summary>
public class SharedLayerMethodTests
{
    [Theory]
    [InlineData("EfficientNet.cs", "EfficientNetB7", 200)]
    [InlineData("EfficientNet.cs", "EfficientNetB0", 40)]
    [InlineData("MobileNetV2.cs", "MobileNetV2", 10)]
    [InlineData("ResNet50.cs", "ResNet50", 20)]
    [InlineData("ResNet18.cs", "ResNet18", 4)]
    [InlineData("GoogLeNet.cs", "GoogLeNet", 0)]
    [InlineData("InceptionV3.cs", "InceptionV3", 20)]
    [InlineData("MobileNetV1.cs", "MobileNetV1", 4)]
    public void Layers_calling_one_method_have_the_same_code(string file, string network, int atLeastShared)
        => AssertSharedCodeIsOwnCode(Model(ZooSource.Read(file), "CnnDsl.Zoo." + network), network, atLeastShared);

    /// <summary>
    /// Twins (which share) beside layers of the same shapes that differ in one thing each: activation, dilation,
    /// groups, stride, padding, residual epilogue, concatenation slice, in-place elementwise operations.
    /// </summary>
    [Fact]
    public void Near_twins_share_only_when_their_code_is_the_same()
        => AssertSharedCodeIsOwnCode(Model("""
            using CnnDsl;
            namespace Twins;
            [Block]
            public partial class Mixed
            {
                [Conv(16, 1, Act = Act.Relu)] partial void Narrow();
                [Conv(16, 1, Act = Act.Relu)] [Conv(16, 3, Act = Act.Relu)] partial void Wide();
            }
            [Block(Merge = Merge.Add, Act = Act.Relu)]
            public partial class Basic
            {
                [Conv(32, 3, BatchNorm = true, Bias = false, Act = Act.Relu)] [Conv(32, 3, BatchNorm = true, Bias = false)] partial void Main();
                [Identity] partial void Shortcut();
            }
            [Network(Input = "15x15x32")]
            [Conv(32, 3, Act = Act.Relu)]
            [Conv(32, 3, Act = Act.Relu)]
            [Conv(32, 3, Act = Act.Relu6)]
            [Conv(32, 3, Dilation = 2, Act = Act.Relu)]
            [Conv(32, 3, Groups = 4, Act = Act.Relu)]
            [Conv(32, 3, Groups = 4, Act = Act.Relu)]
            [Conv(32, 3, Padding = Padding.Valid, Pad = 1, Act = Act.Relu)]
            [Conv(32, 3, PadTop = 2, PadLeft = 0, PadBottom = 0, PadRight = 2, Act = Act.Relu)]
            [Use<Basic>(Repeat = 3)]
            [Use<Mixed>(Repeat = 2)]
            [DepthwiseConv(3, Act = Act.Relu6)]
            [DepthwiseConv(3, Act = Act.Relu6)]
            [DepthwiseConv(3, DilationW = 2, Act = Act.Relu6)]
            [MaxPool(3, Stride = 1)]
            [MaxPool(3, Stride = 1)]
            [AvgPool(3, Stride = 1)]
            [BatchNorm(Act = Act.Swish)]
            [BatchNorm(Act = Act.Swish)]
            [Activation(Act.Sigmoid)]
            [Activation(Act.Sigmoid)]
            [Activation(Act.HardSwish)]
            [Conv(48, 3, Stride = 2, Act = Act.Relu)]
            [Conv(48, 3, Act = Act.Relu)]
            [GlobalAvgPool]
            [Dense(10)]
            public partial class Net { }
            """, "Twins.Net"), "Twins.Net", atLeastShared: 8);

    private static void AssertSharedCodeIsOwnCode(NetworkModel model, string network, int atLeastShared)
    {
        var plan = InferencePlanner.Plan(model);
        var methods = new Dictionary<int, string>();
        int computing = 0;
        foreach (var node in model.Nodes)
        {
            var p = plan.Nodes[node.Id];
            if (p.Role != NodeRole.Compute) continue;
            computing++;
            string code = Code(node, p, plan, model.Nodes);
            // The method's code, written from its first user's node and plan.
            if (!methods.TryGetValue(p.Method, out var shared)) methods.Add(p.Method, shared = Code(model.Nodes[p.Method], plan.Nodes[p.Method], plan, model.Nodes));
            Assert.True(code == shared, node.Name + " calls the method of " + model.Nodes[p.Method].Name + " but its own code differs");
        }
        Assert.True(computing - methods.Count >= atLeastShared, $"{network}: {methods.Count} methods for {computing} computing layers");
    }

    [Fact]
    public void Layers_of_different_geometry_never_share()
    {
        var model = Model(ZooSource.Read("EfficientNet.cs"), "CnnDsl.Zoo.EfficientNetB0");
        var plan = InferencePlanner.Plan(model);
        foreach (var p in plan.Nodes.Where(p => p.Role == NodeRole.Compute))
            Assert.Equal(p.Geometry, plan.Nodes[p.Method].Geometry);
        var geometries = plan.Nodes.Where(p => p.Role == NodeRole.Compute).Select(p => p.Geometry).Distinct().Count();
        Assert.Equal(geometries, plan.Nodes.Where(p => p.Role == NodeRole.Compute).Select(p => p.Method).Distinct().Count());
    }

    /// <summary>A layer's parameters (names and types, not its arguments), forward body and helpers, as its emitter writes them for it.</summary>
    private static string Code(Node node, NodePlan p, InferencePlan plan, IReadOnlyList<Node> nodes)
    {
        var emitter = OperationEmitters.For(node.Op);
        var w = new IndentedWriter();
        foreach (var operand in emitter.Operands(node, p, plan)) w.Line(operand.Type + " " + operand.Parameter);
        emitter.EmitForward(w, node, p, plan, nodes);
        emitter.EmitHelpers(w, node, p);
        // Helper names carry the method's name, which is its first user's: compare them without it.
        return w.ToString().Replace(InferenceNames.Method(node), "Method");
    }

    private static NetworkModel Model(string source, string typeName)
    {
        var outcome = GeneratorHarness.Run(source);
        var type = outcome.Output.GetTypeByMetadataName(typeName)!;
        return NetworkBuilder.Build(new DefinitionReader().ReadNetwork(type));
    }
}
