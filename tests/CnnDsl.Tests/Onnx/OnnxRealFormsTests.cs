using System;
using System.Collections.Generic;
using System.IO;
using CnnDsl.Onnx;
using CnnDsl.Scaffold;
using CnnDsl.Tests.Weights;
using CnnDsl.Zoo;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Real networks in, as they are: node order does not matter (sibling branches that begin alike are found by
/// search), and the forms other exporters write (dense as MatMul + Add, Pad nodes before convolutions, external data
/// files) import to the same weights and scaffold to the same definition as the exporter's own form.
/// </summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public sealed class OnnxRealFormsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cnndsl-forms-" + Guid.NewGuid().ToString("N"));

    public OnnxRealFormsTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (TestWeights Original, byte[] Model) Exported(IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors)
    {
        var original = new TestWeights(graph, tensors);
        FuzzCases.FillDistinct(original, 11);
        // Valid statistics: variances positive.
        foreach (var t in tensors)
        {
            if (t.Name.EndsWith("running_var", StringComparison.Ordinal)) for (int i = 0; i < original[t.Name].Length; i++) original[t.Name][i] = Math.Abs(original[t.Name][i]) + 0.5f;
        }
        return (original, OnnxExporter.Export(original));
    }

    private static void AssertImportsTo(TestWeights original, Func<NetworkWeights, OnnxImportResult> import)
    {
        var imported = new TestWeights(original.Graph, original.Tensors);
        import(imported);
        Assert.True(FuzzCases.Unchanged(imported, FuzzCases.Snapshot(original)), "the imported weights differ from the exported ones");
    }

    public static IEnumerable<object[]> Seeds() => new[] { new object[] { 1 }, new object[] { 2 }, new object[] { 3 }, new object[] { 4 }, new object[] { 5 } };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Sibling_branches_that_begin_alike_import_in_any_node_order(int seed)
    {
        var (original, model) = Exported(SiblingNetwork.Graph, SiblingNetwork.Tensors);
        AssertImportsTo(original, w => OnnxImporter.ImportWeights(w, OnnxForms.Shuffled(model, seed)));
    }

    [Fact]
    public void Zoo_networks_import_with_their_nodes_shuffled()
    {
        foreach (var (graph, tensors) in new[] { (GoogLeNet.Graph, GoogLeNet.Tensors), (EfficientNetB0.Graph, EfficientNetB0.Tensors), (ResNet18.Graph, ResNet18.Tensors) })
        {
            var (original, model) = Exported(graph, tensors);
            AssertImportsTo(original, w => OnnxImporter.ImportWeights(w, OnnxForms.Shuffled(model, 7)));
        }
    }

    [Fact]
    public void A_real_difference_is_still_reported_after_the_search()
    {
        var (original, model) = Exported(SiblingNetwork.Graph, SiblingNetwork.Tensors);
        Assert.NotNull(original);
        // The DSL's TinyNetwork is another network: the search gives up and names a layer.
        var error = Assert.Throws<WeightsMismatchException>(() => OnnxImporter.ImportWeights(new TestWeights(TinyNetwork.Graph, TinyNetwork.Tensors), model));
        Assert.False(string.IsNullOrWhiteSpace(error.TensorName));
    }

    [Fact]
    public void Dense_as_MatMul_and_Add_imports_and_scaffolds_like_Gemm()
    {
        foreach (var (graph, tensors) in new[] { (TinyNetwork.Graph, TinyNetwork.Tensors), (ThirdTinyNetwork.Graph, ThirdTinyNetwork.Tensors) })
        {
            var (original, model) = Exported(graph, tensors);
            byte[] matmul = OnnxForms.MatMulAdd(model);
            AssertImportsTo(original, w => OnnxImporter.ImportWeights(w, matmul));
            var scaffolded = OnnxScaffolder.Scaffold(matmul, "Net");
            Assert.Empty(scaffolded.Unsupported);
            Assert.Equal(OnnxScaffolder.Scaffold(model, "Net").Source, scaffolded.Source);
        }
    }

    [Fact]
    public void Pad_nodes_before_convolutions_import_and_scaffold_like_conv_padding()
    {
        foreach (var (graph, tensors) in new[] { (TinyNetwork.Graph, TinyNetwork.Tensors), (ResNet18.Graph, ResNet18.Tensors), (SecondTinyNetwork.Graph, SecondTinyNetwork.Tensors) })
        {
            var (original, model) = Exported(graph, tensors);
            byte[] padded = OnnxForms.PadNodes(model);
            Assert.NotEqual(model.Length, padded.Length);
            AssertImportsTo(original, w => OnnxImporter.ImportWeights(w, padded));
            var scaffolded = OnnxScaffolder.Scaffold(padded, "Net");
            Assert.Empty(scaffolded.Unsupported);
            Assert.Equal(OnnxScaffolder.Scaffold(model, "Net").Source, scaffolded.Source);
        }
    }

    [Fact]
    public void Weights_in_an_external_data_file_import_from_the_model_path()
    {
        var (original, model) = Exported(EfficientNetB0.Graph, EfficientNetB0.Tensors);
        string path = OnnxForms.WithExternalData(model, _directory);
        AssertImportsTo(original, w => OnnxImporter.ImportWeights(w, path));
        Assert.Empty(OnnxScaffolder.Scaffold(path, "Net").Unsupported);
        // From bytes there is no folder to find the data in: a clear error, not a crash.
        var error = Assert.Throws<InvalidDataException>(() => OnnxImporter.ImportWeights(new TestWeights(EfficientNetB0.Graph, EfficientNetB0.Tensors), File.ReadAllBytes(path)));
        Assert.Contains("external", error.Message);
    }

    [Fact]
    public void External_data_outside_the_model_folder_or_too_short_is_rejected()
    {
        var (_, model) = Exported(TinyNetwork.Graph, TinyNetwork.Tensors);
        string escaping = OnnxForms.WithExternalData(model, _directory, location: "../weights.bin");
        var target = new TestWeights(TinyNetwork.Graph, TinyNetwork.Tensors);
        var before = FuzzCases.Snapshot(target);
        Assert.Contains("inside the model's folder", Assert.Throws<InvalidDataException>(() => OnnxImporter.ImportWeights(target, escaping)).Message);
        string path = OnnxForms.WithExternalData(model, _directory);
        File.WriteAllBytes(Path.Combine(_directory, "weights.bin"), new byte[12]);
        Assert.Contains("needs", Assert.Throws<InvalidDataException>(() => OnnxImporter.ImportWeights(target, path)).Message);
        Assert.True(FuzzCases.Unchanged(target, before));
    }

    [Fact]
    public void Scaffolded_file_has_the_using_and_no_cost_advice()
    {
        var result = OnnxScaffolder.Scaffold(TinyModels.Build(1), "X");
        Assert.Contains("\nusing CnnDsl;\n", result.Source.Replace("\r\n", "\n"));
        Assert.Contains("#pragma warning disable CNN0101, CNN0102, CNN0105, CNN0107", result.Source);
    }

    [Fact]
    public void Command_line_help_exits_0_and_bad_arguments_2()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, ScaffoldCommand.Run(["--help"], output, error));
        Assert.Contains("usage: cnndsl-scaffold", output.ToString());
        Assert.Equal(2, ScaffoldCommand.Run([], output, error));
        Assert.Equal(2, ScaffoldCommand.Run(["--bogus"], output, error));
        string path = Path.Combine(_directory, "tiny.onnx");
        File.WriteAllBytes(path, TinyModels.Build(1));
        var source = new StringWriter();
        Assert.Equal(0, ScaffoldCommand.Run([path, "--class", "Tiny"], source, error));
        Assert.Contains("public partial class Tiny", source.ToString());
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        Assert.Equal(3, ScaffoldCommand.Run([path], source, error));
    }
}
