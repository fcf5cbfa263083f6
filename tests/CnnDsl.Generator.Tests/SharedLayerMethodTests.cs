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
    {
        var model = Model(ZooSource.Read(file), "CnnDsl.Zoo." + network);
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
