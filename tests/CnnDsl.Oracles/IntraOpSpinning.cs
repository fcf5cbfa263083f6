namespace CnnDsl.Oracles;

/// <summary>How ONNX Runtime's intra-op worker threads wait for work (they matter only with 2 or more threads).</summary>
public enum IntraOpSpinning
{
    /// <summary>
    /// ONNX Runtime's default: idle workers spin, also after <c>Run</c> returns, until their spin budget is spent
    /// (tens of milliseconds of CPU per run): whatever runs next on the machine loses a core to them.
    /// </summary>
    Default,

    /// <summary>Workers spin while a <c>Run</c> is in progress and stop when it returns (<c>session.force_spinning_stop</c> = 1).</summary>
    DuringRun,

    /// <summary>Workers never spin: they block and are woken for work (<c>session.intra_op.allow_spinning</c> = 0).</summary>
    Off,
}
