using System;

namespace CnnDsl.Operations;

/// <summary>
/// The registry: every <see cref="Op"/> and the record that defines it. The switch has no default arm, so an
/// <see cref="Op"/> added without its operation fails to compile (CS8509 is an error here).
/// </summary>
internal static class Operations
{
#pragma warning disable CS8524 // Values outside the enum never reach here: nodes are made by the model.
    public static Type RecordType(Op op) => op switch
    {
        Op.Input => typeof(InputOperation),
        Op.Conv => typeof(ConvOperation),
        Op.DepthwiseConv => typeof(DepthwiseConvOperation),
        Op.MaxPool => typeof(PoolOperation),
        Op.AvgPool => typeof(PoolOperation),
        Op.GlobalAvgPool => typeof(GlobalAvgPoolOperation),
        Op.Dense => typeof(DenseOperation),
        Op.Flatten => typeof(FlattenOperation),
        Op.BatchNorm => typeof(BatchNormOperation),
        Op.Activation => typeof(ActivationOperation),
        Op.Dropout => typeof(DropoutOperation),
        Op.Add => typeof(AddOperation),
        Op.Concat => typeof(ConcatOperation),
        Op.Scale => typeof(ScaleOperation),
    };
#pragma warning restore CS8524
}
