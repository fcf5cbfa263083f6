namespace CnnDsl.Operations;

/// <summary>
/// What each operation's backward reads from the forward pass besides its output gradient and its parameters: the
/// training memory plan keeps an activation only for these reads. One switch for every <see cref="Op"/> (no default
/// arm: an operation added without its arm does not compile), shared by the generator's compile-time plan and the
/// runtime trainer, whose kernels are the readers (src/CnnDsl/Training/Kernels: each reads exactly this).
/// </summary>
internal static class BackwardReads
{
#pragma warning disable CS8524 // Values outside the enum never reach here: nodes are made by the model.
    /// <summary>
    /// Whether <paramref name="op"/>'s backward reads input <paramref name="input"/>'s forward values, given whether its
    /// weight tensor trains and which of its inputs receive a gradient.
    /// </summary>
    public static bool Input(Op op, int input, bool weightTrains, bool[] inputsNeedGradient) => op switch
    {
        // The weight gradient is input times output gradient; the input gradient needs only the weights.
        Op.Conv or Op.DepthwiseConv or Op.Dense => weightTrains,
        // The gradient goes to the window's largest input, found again from the input.
        Op.MaxPool => inputsNeedGradient[0],
        // dx = dy * gate needs the gate (input 1); dgate = sum dy * x needs x (input 0).
        Op.Scale => inputsNeedGradient[1 - input],
        // Linear in their input with fixed coefficients (or a mask drawn again from the seed): the gradient alone.
        Op.Input or Op.AvgPool or Op.GlobalAvgPool or Op.Flatten or Op.BatchNorm or Op.Activation or Op.Dropout or Op.Add or Op.Concat => false,
    };
#pragma warning restore CS8524

    /// <summary>Whether an activation's derivative needs its input (it cannot be told from its output).</summary>
    public static bool ActivationInput(Act act) => act is Act.Swish or Act.HardSwish;

    /// <summary>Whether an activation's derivative is read from its output (ReLU, ReLU6, sigmoid, softmax).</summary>
    public static bool ActivationOutput(Act act) => act is not (Act.None or Act.Swish or Act.HardSwish);

    /// <summary>
    /// Whether a batch norm's backward reads its input: training on batch statistics recomputes the normalized values
    /// from it; frozen (running statistics), it is an affine map and needs nothing.
    /// </summary>
    public static bool BatchNormInput(bool trains) => trains;
}
