namespace CnnDsl.Generator.Emit.Training;

/// <summary>
/// A node's generated training layer: the runtime type <c>global::CnnDsl.Training.{Type}&lt;TShape&gt;</c> (whose shape
/// parameter implements <paramref name="ShapeInterface"/>) instantiated with the layer class's struct <paramref name="Shape"/>.
/// </summary>
internal sealed record TrainingLayerCode(string Type, string ShapeInterface, string Shape);
