using CnnDsl.Text;

namespace CnnDsl.Analyzers;

/// <summary>CNN0104: every layer attribute's output shape and cost, for the editor's hover (disabled by default).</summary>
internal static class LayerCostRule
{
    public static void Check(CostContext cost)
    {
        if (!cost.IsShown(Descriptors.LayerCost)) return;
        foreach (var (row, _, attribute) in cost.Layers())
        {
            string kind = row.Description.Length == 0 ? row.Kind : row.Kind + " " + row.Description;
            cost.Report(Descriptors.LayerCost, attribute, null, null,
                row.Name, kind, row.Input.ToString(), row.Output.ToString(),
                CostFormat.Short(row.MultiplyAdds), CostFormat.Share(row.MultiplyAdds, cost.TotalMultiplyAdds),
                CostFormat.Short(row.Parameters), CostFormat.Share(row.Parameters, cost.TotalParameters));
        }
    }
}
