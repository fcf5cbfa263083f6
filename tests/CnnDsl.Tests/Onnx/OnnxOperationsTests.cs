using System;
using System.Linq;
using CnnDsl.Onnx;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// The operation registry of CnnDsl.Onnx is complete: a new <see cref="Op"/> without its export, import and
/// scaffolding is a failing test here, not a NotSupportedException at run time.
/// </summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public class OnnxOperationsTests
{
    [Fact]
    public void Every_Op_has_exactly_one_ONNX_operation()
    {
        foreach (Op op in Enum.GetValues<Op>())
        {
            Assert.True(OnnxOperations.All.Count(o => o.Op == op) == 1, $"Op.{op} has {OnnxOperations.All.Count(o => o.Op == op)} entries in OnnxOperations.All; it needs exactly one.");
            Assert.Equal(op, OnnxOperations.For(op).Op);
        }
    }

    [Fact]
    public void Every_ONNX_type_an_operation_scaffolds_is_scaffolded_by_code_of_that_operation()
    {
        foreach (var operation in OnnxOperations.All)
        {
            foreach (string type in operation.ScaffoldedFrom)
            {
                // Operations sharing a type share its code (one class): the registered one must be of the same class.
                Assert.Equal(operation.GetType(), OnnxOperations.Scaffolding(type)!.GetType());
            }
        }
        Assert.Null(OnnxOperations.Scaffolding("LRN"));
    }
}
