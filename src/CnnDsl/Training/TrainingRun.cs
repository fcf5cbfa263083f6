namespace CnnDsl.Training;

/// <summary>What every kernel of one forward or backward pass shares: the batch, the mode, the threads, the dropout key.</summary>
internal sealed class TrainingRun
{
    public TrainingRun(WorkerPool pool, int seed)
    {
        Pool = pool;
        Seed = seed;
    }

    public WorkerPool Pool { get; }
    public int Seed { get; }
    /// <summary>Images in the current batch.</summary>
    public int Batch { get; set; }
    /// <summary>Training mode (batch statistics, dropout) rather than inference mode.</summary>
    public bool Training { get; set; }
    /// <summary>The step the dropout masks belong to (0 for the first).</summary>
    public long Step { get; set; }
    /// <summary>When set, every stage of a pass adds its time here (the benchmark's breakdown); null otherwise.</summary>
    public TrainingProfile? Profile { get; set; }
}
