using System.Collections.Generic;
using CnnDsl.Operations;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>The <c>NodeInfo</c> initializers the operations share, in the order the runtime record lists them.</summary>
internal static class NodeInfoFields
{
    public static IEnumerable<string> Convolution(int filters, Window window, bool bias, bool batchNorm, float epsilon, int groups = 1)
    {
        yield return "Filters = " + CSharpLiteral.Int(filters);
        foreach (var field in Window(window)) yield return field;
        if (window.Dilated) yield return "DilationH = " + CSharpLiteral.Int(window.DilationH) + ", DilationW = " + CSharpLiteral.Int(window.DilationW);
        if (groups != 1) yield return "Groups = " + CSharpLiteral.Int(groups);
        if (bias) yield return "Bias = true";
        if (batchNorm)
        {
            yield return "BatchNorm = true";
            yield return Epsilon(epsilon);
        }
    }

    public static IEnumerable<string> Window(Window window)
    {
        yield return "KernelH = " + CSharpLiteral.Int(window.KernelH) + ", KernelW = " + CSharpLiteral.Int(window.KernelW);
        if (window.StrideH != 1 || window.StrideW != 1) yield return "StrideH = " + CSharpLiteral.Int(window.StrideH) + ", StrideW = " + CSharpLiteral.Int(window.StrideW);
        var p = window.Pads;
        if (p.Any)
            yield return "PadTop = " + CSharpLiteral.Int(p.Top) + ", PadLeft = " + CSharpLiteral.Int(p.Left) + ", PadBottom = " + CSharpLiteral.Int(p.Bottom) + ", PadRight = " + CSharpLiteral.Int(p.Right);
    }

    public static string Epsilon(float epsilon) => "Epsilon = " + CSharpLiteral.Float(epsilon);
}
