using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// Activation <typeparamref name="A"/> applied in registers by every register tile before its store, so that each
/// output value is written once, finished. <see cref="ConvKernel"/> otherwise stores some tiles' sums and finishes them
/// in place (swish and sigmoid on wide tiles, every activation but ReLU's with 16 registers), and a thread that reads
/// the output at the same moment may see a sum: the rows two parts of a streamed block both expand (<see cref="RowStream"/>).
/// </summary>
internal readonly struct FinishedInRegisters<A> : IFusedActivation where A : struct, IFusedActivation
{
    public static bool Identity => A.Identity;
    public static bool Wide => A.Wide;
    public static bool FinishesInWideTile => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, TO>(TV v) where TV : struct where TO : struct, IVectorOps<TV> => A.Apply<TV, TO>(v);
}
