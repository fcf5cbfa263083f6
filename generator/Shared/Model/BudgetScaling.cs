namespace CnnDsl.Model;

/// <summary>
/// What a <c>MaxMultiplyAdds</c> budget on a scaled variant without factors chose: the compound coefficient
/// <paramref name="Phi"/>, and, for comparison, the largest depth, width and resolution the same budget allows when
/// only that one is scaled (null when none fits).
/// </summary>
internal sealed record BudgetScaling(double Phi, double? DepthAlone, double? WidthAlone, int? ResolutionAlone);
