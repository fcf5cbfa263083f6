using System;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using CnnDsl.Oracles;
using CnnDsl.Onnx;
using CnnDsl.Tests.Inference;
using CnnDsl.Training;

namespace CnnDsl.Tests.Transfer;

/// <summary>
/// The end of the transfer-learning workflow: fine-tuned weights saved, loaded into a new inference instance and
/// exported to ONNX Runtime, which must predict the same; and weights trained elsewhere under another framework's
/// names brought back by name.
/// </summary>
public class SavedAndUsedTests
{
    private static TransferFineTuned.Weights FineTuned()
    {
        var backbone = new TransferBackbone.Weights();
        RandomWeights.Fill(backbone, 21);
        var weights = new TransferFineTuned.Weights();
        weights.InitializeRandom(22);
        weights.CopyMatching(backbone);
        using var trainer = new Trainer(weights, new TrainingOptions { Threads = 2, Optimizer = new AdamOptimizer { LearningRate = 1e-2f } });
        var random = new Random(5);
        for (int step = 0; step < 4; step++)
            trainer.Step(RandomWeights.Input(8 * TransferFineTuned.InputLength, 30 + step), [.. Enumerable.Range(0, 8).Select(_ => random.Next(3))]);
        return weights;
    }

    /// <summary>A name as a PyTorch module tree converted from ONNX stores it: a wrapper's prefix, no dots inside a module name.</summary>
    private static string TorchName(string name)
    {
        int last = name.LastIndexOf('.');
        return "model." + name[..last].Replace('.', '_') + name[last..];
    }

    [Fact]
    public void Fine_tuned_weights_saved_and_loaded_predict_as_trained_and_as_onnx_runtime_does()
    {
        var trained = FineTuned();
        using var file = new MemoryStream();
        SafeTensors.Save(trained, file);
        file.Position = 0;
        var loaded = new TransferFineTuned.Weights();
        Assert.Empty(SafeTensors.Load(loaded, file));
        foreach (var t in trained.Tensors) Assert.Equal(trained[t.Name], loaded[t.Name]);

        const int batch = 6;
        float[] images = RandomWeights.Input(batch * TransferFineTuned.InputLength, 50);
        var fromTrained = new float[batch * TransferFineTuned.OutputLength];
        var fromLoaded = new float[fromTrained.Length];
        new TransferFineTuned(trained).Forward(images, fromTrained);
        new TransferFineTuned(loaded).Forward(images, fromLoaded);
        Assert.Equal(fromTrained, fromLoaded);

        float[] onnx = OnnxRuntimeOracle.Run(OnnxExporter.Export(loaded), images, batch, TransferFineTuned.Graph[0].Output);
        Agreement.AssertClose(onnx, fromLoaded, TransferFineTuned.Graph);
        for (int n = 0; n < batch; n++)
            Assert.Equal(TensorPrimitives.IndexOfMax<float>(onnx.AsSpan(n * 3, 3)), TensorPrimitives.IndexOfMax<float>(fromLoaded.AsSpan(n * 3, 3)));
    }

    [Fact]
    public void Weights_saved_under_another_frameworks_names_come_back_by_name()
    {
        var trained = FineTuned();
        using var file = new MemoryStream();
        SafeTensors.Save(trained, file, TorchName);
        Assert.Contains(TransferFineTuned.Tensors, t => TorchName(t.Name) != "model." + t.Name); // the mapping renames

        // Under the canonical names nothing matches, and nothing is loaded.
        var plain = new TransferFineTuned.Weights();
        plain.InitializeRandom(1);
        var before = plain.Tensors.ToDictionary(t => t.Name, t => (float[])plain[t.Name].Clone());
        file.Position = 0;
        var missing = Assert.Throws<WeightsMismatchException>(() => SafeTensors.Load(plain, file));
        Assert.Contains("missing", missing.Message, StringComparison.Ordinal);
        foreach (var t in plain.Tensors) Assert.Equal(before[t.Name], plain[t.Name]);

        // By the trainer's names, everything comes back.
        file.Position = 0;
        using var reader = SafeTensorsReader.Open(file, leaveOpen: true);
        var back = new TransferFineTuned.Weights();
        Assert.Empty(SafeTensors.Load(back, reader, TorchName));
        foreach (var t in trained.Tensors) Assert.Equal(trained[t.Name], back[t.Name]);
    }

    [Fact]
    public void A_mapping_that_gives_two_tensors_one_name_is_refused()
    {
        var weights = FineTuned();
        var error = Assert.Throws<ArgumentException>(() => SafeTensors.Save(weights, new MemoryStream(), _ => "same"));
        Assert.Contains("the same name 'same'", error.Message, StringComparison.Ordinal);
    }
}
