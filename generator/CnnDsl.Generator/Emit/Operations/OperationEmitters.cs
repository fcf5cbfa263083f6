namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// The registry of emitters, one per <see cref="Op"/>. No default arm: an operation without its emitter fails to
/// compile (CS8509 is an error here).
/// </summary>
internal static class OperationEmitters
{
    private static readonly OperationEmitter Input = new InputEmitter();
    private static readonly OperationEmitter Conv = new ConvEmitter();
    private static readonly OperationEmitter DepthwiseConv = new DepthwiseConvEmitter();
    private static readonly OperationEmitter Pool = new PoolEmitter();
    private static readonly OperationEmitter GlobalAvgPool = new GlobalAvgPoolEmitter();
    private static readonly OperationEmitter Dense = new DenseEmitter();
    private static readonly OperationEmitter Flatten = new FlattenEmitter();
    private static readonly OperationEmitter BatchNorm = new BatchNormEmitter();
    private static readonly OperationEmitter Activation = new ActivationEmitter();
    private static readonly OperationEmitter Dropout = new DropoutEmitter();
    private static readonly OperationEmitter Add = new AddEmitter();
    private static readonly OperationEmitter Concat = new ConcatEmitter();
    private static readonly OperationEmitter Scale = new ScaleEmitter();

#pragma warning disable CS8524 // Values outside the enum never reach here: nodes are made by the model.
    public static OperationEmitter For(Op op) => op switch
    {
        Op.Input => Input,
        Op.Conv => Conv,
        Op.DepthwiseConv => DepthwiseConv,
        Op.MaxPool => Pool,
        Op.AvgPool => Pool,
        Op.GlobalAvgPool => GlobalAvgPool,
        Op.Dense => Dense,
        Op.Flatten => Flatten,
        Op.BatchNorm => BatchNorm,
        Op.Activation => Activation,
        Op.Dropout => Dropout,
        Op.Add => Add,
        Op.Concat => Concat,
        Op.Scale => Scale,
    };
#pragma warning restore CS8524
}
