namespace CnnDsl.Generator.Emit.Training;

/// <summary>
/// A node's generated training layer: the runtime type <c>global::CnnDsl.Training.{Type}&lt;TShape&gt;</c> (whose shape
/// parameter implements <paramref name="ShapeInterface"/>) instantiated with the layer class's struct <paramref name="Shape"/>:
/// the layer method's own, or (<paramref name="Declaration"/> not null) one the layer class declares for training
/// alone, once per distinct geometry, with that summary and those member lines (separated by new lines).
/// </summary>
internal sealed record TrainingLayerCode(string Type, string ShapeInterface, string Shape, string? Summary = null, string? Declaration = null);
