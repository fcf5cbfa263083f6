using System;
using System.Collections.Generic;
using CnnDsl.Model;

namespace CnnDsl.Reading;

/// <summary>
/// A scaled variant that gives a budget instead of factors (<c>[Network(BasedOn = typeof(B), MaxMultiplyAdds = m)]</c>):
/// it takes the largest compound coefficient phi, to 0.01, whose variant (depth alpha^phi, width beta^phi, resolution
/// gamma^phi, rounded as the reference does) needs at most m multiply-adds. For the paper's Figure 3 comparison it
/// also finds what the same budget allows by depth alone, by width alone (to 0.01) and by resolution alone (to a pixel).
/// </summary>
internal sealed partial class DefinitionReader
{
    /// <summary>Steps of 0.01: phi from -10 to +10 (EfficientNet's B0-B7 span 0 to about 7), single factors from 0.01 to 10.</summary>
    private const int Hundredths = 1000;

    private BudgetScaling? FitBudget(NetworkSpec spec, string? input, EquatableArray<LayerSpec> layers, List<ScalingArguments> levels, long budget)
    {
        int? Largest(int low, int high, Func<int, ScalingArguments> level)
        {
            bool Fits(int step)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var candidate = new List<ScalingArguments>(levels) { [levels.Count - 1] = level(step) };
                var model = NetworkBuilder.Build(Scale(spec, input, layers, candidate) with { Problems = EquatableArray<ModelError>.Empty }, _cancellationToken);
                return !model.HasErrors && model.MultiplyAdds <= budget;
            }
            // Cost grows with each factor up to rounding, so bisect (one candidate network built per step).
            if (!Fits(low)) return null;
            if (Fits(high)) return high;
            while (high - low > 1)
            {
                int middle = low + (high - low) / 2;
                if (Fits(middle)) low = middle;
                else high = middle;
            }
            return low;
        }

        if (Largest(-Hundredths, Hundredths, s => ScalingArguments.ForPhi(s / 100.0)) is not { } phi) return null;
        int size = Shape.TryParse(input, out var shape) ? Math.Max(shape.Height, shape.Width) : 1;
        return new BudgetScaling(phi / 100.0,
            Largest(1, Hundredths, s => ScalingArguments.ForFactors(depth: s / 100.0)) / 100.0,
            Largest(1, Hundredths, s => ScalingArguments.ForFactors(width: s / 100.0)) / 100.0,
            Largest(1, 10 * size, s => ScalingArguments.ForFactors(resolution: s)));
    }
}
