using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using CnnDsl.Kernels;
using Xunit;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// The parts two threads split a Winograd layer into: together they cover every output tile once, in order, and every
/// part but the last starts and ends on a register tile of the vector width's multiply.
/// </summary>
public class WinogradPartsTests
{
    // 6 tiles with AVX2's 16 vector registers; 4 where 32 registers would take Vector512 or are an ARM64's.
    [Fact] public void Parts_cover_the_tiles_in_whole_register_tiles_at_Vector256() => Check<Vector256<float>, Vector256Ops>(Avx512F.VL.IsSupported || AdvSimd.Arm64.IsSupported ? 4 : 6);

    [Fact] public void Parts_cover_the_tiles_in_whole_register_tiles_at_Vector512() => Check<Vector512<float>, Vector512Ops>(8);

    [Fact] public void Parts_cover_the_tiles_in_whole_register_tiles_at_Vector128() => Check<Vector128<float>, Vector128Ops>(4);

    private static void Check<TV, TO>(int registerTile) where TV : struct where TO : struct, IVectorOps<TV>
    {
        foreach (int tiles in new[] { 1, 4, 5, 6, 7, 16, 49, 64, 196, 289, 784, 3136 })
        {
            foreach (int parts in new[] { 1, 2, 3, 8, 24 })
            {
                int next = 0;
                for (int part = 0; part < parts; part++)
                {
                    WinogradParts.Tiles<TV, TO>(tiles, part, parts, out int first, out int end);
                    Assert.True(first == next, $"{tiles} tiles in {parts} parts: part {part} starts at {first}, the previous ended at {next}");
                    Assert.True(end >= first, $"{tiles} tiles in {parts} parts: part {part} is {first}..{end}");
                    if (part < parts - 1) Assert.True(end % registerTile == 0, $"{tiles} tiles in {parts} parts: part {part} ends at {end}, inside a register tile of {registerTile}");
                    next = end;
                }
                Assert.True(next == tiles, $"{tiles} tiles in {parts} parts end at {next}");
            }
        }
    }
}
