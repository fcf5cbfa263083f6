using System;
using System.Diagnostics;
using CnnDsl.Vision;
using CnnDsl.Zoo;

namespace CnnDsl.Vision.Sample;

/// <summary>
/// What multi-crop evaluation and ensembles cost per image, on MobileNet V2 at 224 (random weights: these figures are
/// about time, not accuracy). Each evaluation includes resizing, cropping, normalization, the batched forward pass and
/// the softmax averaging.
/// </summary>
internal static class MultiCropCost
{
    public static void Run(string photoPath)
    {
        var photo = ImageDecoder.Decode(photoPath);
        var scaled = new ImageData(1, 1, 3);
        Preprocess.ScaleShorterSide(photo, 256, scaled); // a photo larger than the crops, as a dataset image would be
        var networks = new MobileNetV2[3];
        for (int i = 0; i < networks.Length; i++)
        {
            var weights = new MobileNetV2.Weights();
            weights.InitializeRandom(seed: i + 1);
            networks[i] = new MobileNetV2(weights);
        }
        Console.WriteLine();
        Console.WriteLine($"Multi-crop and ensemble cost per image, MobileNet V2 1.0-224 ({MobileNetV2.MultiplyAdds / 1e6:0}M multiply-adds), one thread, {scaled.Width}x{scaled.Height} photo:");
        var probabilities = new float[MobileNetV2.OutputLength];
        double single = 0;
        foreach (var plan in new[] { CropPlan.Center(224), CropPlan.TenCrop(224), CropPlan.GoogLeNet144(224) })
        {
            var evaluator = new MultiCropEvaluator(networks[0], plan, Normalization.ImageNet);
            double ms = Median(() => evaluator.Evaluate(scaled, probabilities), plan.Count > 10 ? 3 : 7);
            if (plan.Count == 1) single = ms;
            Console.WriteLine($"  {plan.Name,-12} {plan.Count,4} crops: {ms,8:0.0} ms ({ms / single:0.0}x the centre crop)");
        }
        var ensemble = new Ensemble(networks);
        var input = new float[MobileNetV2.InputLength];
        var square = new ImageData(1, 1, 3);
        Crop.Center(scaled, 224, 224, square);
        Normalization.ImageNet.Apply(square, input);
        double ensembleMs = Median(() => ensemble.Predict(input, probabilities), 7);
        Console.WriteLine($"  ensemble of 3, centre crop: {ensembleMs,8:0.0} ms ({ensembleMs / single:0.0}x the centre crop)");
    }

    private static double Median(Action action, int runs)
    {
        action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }
}
