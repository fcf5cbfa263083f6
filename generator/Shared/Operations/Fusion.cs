using System;

namespace CnnDsl.Operations;

/// <summary>What an operation lets the inference planner fuse into it (asked by the planner, never matched by kind).</summary>
[Flags]
internal enum Fusion
{
    None = 0,
    /// <summary>A following batch norm folds into its weights and bias at load.</summary>
    FoldBatchNorm = 1,
    /// <summary>A following activation runs in its epilogue, in registers.</summary>
    ActivationEpilogue = 2,
    /// <summary>A following residual add (and its activation) runs in its epilogue.</summary>
    ResidualEpilogue = 4,
    /// <summary>It may write its output straight into a concatenation's channel slice.</summary>
    ConcatSlice = 8,
    /// <summary>When padded it reads a zero-bordered copy of its input, so its hot loop has no bounds checks.</summary>
    ZeroBorderedInput = 16,
    /// <summary>
    /// A channel gate on its input (<see cref="Operation.GatesChannels"/>) folds into a per-image copy of its weights:
    /// (x g) W = x (diag(g) W), so the gated tensor is never written.
    /// </summary>
    GatedWeights = 32,
}

/// <summary>How an operation joins the operation that produces its (first) input, when that one allows it.</summary>
internal enum Join
{
    /// <summary>Runs as its own step.</summary>
    None,
    /// <summary>Moves no data at inference: its output is its input.</summary>
    Identity,
    /// <summary>Folds into the producer's weights and bias (<see cref="Fusion.FoldBatchNorm"/>).</summary>
    FoldIntoProducer,
    /// <summary>Runs in the producer's epilogue (<see cref="Fusion.ActivationEpilogue"/>).</summary>
    ActivationEpilogue,
    /// <summary>Adds in the epilogue of the producer of one of its inputs (<see cref="Fusion.ResidualEpilogue"/>).</summary>
    ResidualEpilogue,
    /// <summary>Its inputs' producers write straight into its channel slices (<see cref="Fusion.ConcatSlice"/>).</summary>
    ConcatSlices,
}
