using System;
using System.Linq;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Analyzers;

/// <summary>CNN0103: the network needs more multiply-adds or parameters than its [Network] budget allows.</summary>
internal static class BudgetRule
{
    private const int LayersNamed = 3;

    public static void Check(CostContext cost)
    {
        if (!cost.IsShown(Descriptors.BudgetExceeded)) return;
        Check(cost, "MaxMultiplyAdds", "multiply-adds", cost.Spec.MaxMultiplyAdds, cost.TotalMultiplyAdds, row => row.MultiplyAdds);
        Check(cost, "MaxParameters", "parameters", cost.Spec.MaxParameters, cost.TotalParameters, row => row.Parameters);
    }

    private static void Check(CostContext cost, string argument, string unit, long budget, long total, Func<LayerRow, long> measure)
    {
        if (budget <= 0 || total <= budget) return;
        var top = cost.Model.Layers
            .Where(row => measure(row) > 0)
            .OrderByDescending(measure)
            .ThenBy(row => row.Index)
            .Take(LayersNamed)
            .Select(row => row.Name + " " + CostFormat.Short(measure(row)) + " (" + CostFormat.Share(measure(row), total) + ")");
        cost.ReportOnNetwork(Descriptors.BudgetExceeded, argument,
            cost.Type.ToDisplayString(), Both(total), unit, argument, Both(budget), string.Join(", ", top));
    }

    private static string Both(long value) => CostFormat.Short(value) + " (" + CostFormat.Full(value) + ")";
}
