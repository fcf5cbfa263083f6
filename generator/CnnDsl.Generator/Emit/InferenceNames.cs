using System.Text;
using CnnDsl.Model;

namespace CnnDsl.Generator.Emit;

/// <summary>The fully qualified names and small code fragments the inference emitters share.</summary>
internal static class InferenceNames
{
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string Marshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    public const string Kernels = "global::CnnDsl.Kernels";
    public const string Worker = "global::CnnDsl.Threading.SplitWorker";
    public const string ActType = "global::CnnDsl.Act";
    /// <summary>
    /// A layer method's attribute: compiled fully optimized at once (the options are a constant of the class,
    /// <see cref="LayerMethodOptions"/>; the attribute is <c>MethodImpl</c> through the file's alias <see cref="MethodImplAlias"/>).
    /// </summary>
    public const string Optimized = "[" + MethodImplAlias + "(LayerMethod)]";

    /// <summary>The file's alias of <c>MethodImplAttribute</c>, which every layer method names (a thousand times in a large zoo: 35 KB less than the qualified name).</summary>
    public const string MethodImplAlias = "CnnDslLayerMethod";

    /// <summary>The alias's directive, at the top of the generated file.</summary>
    public const string MethodImplUsing = "using " + MethodImplAlias + " = global::System.Runtime.CompilerServices.MethodImplAttribute;";

    /// <summary>
    /// The class's constant behind <see cref="Optimized"/>, its arena accessor behind <see cref="Arena(string)"/> and its
    /// packed-weights accessor behind <see cref="Packed"/>: written once per class, not once per layer.
    /// </summary>
    public const string LayerMethodOptions = "private const global::System.Runtime.CompilerServices.MethodImplOptions LayerMethod = global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization;";

    /// <inheritdoc cref="LayerMethodOptions"/>
    public const string ArenaAccessor = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] private static ref float ArenaAt(ref float arena, int offset) => ref " + Unsafe + ".Add(ref arena, offset);";
    /// <inheritdoc cref="LayerMethodOptions"/>
    public const string PackedAccessor = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] private static ref float Aligned(float[] packed) => ref " + Kernels + ".AlignedBuffer.Start(packed);";
    /// <summary>
    /// <c>Run</c>'s parameters holding the network's input and output (<c>Kernels.TensorRef</c>s) when its layers read or
    /// write them where the caller holds them (<see cref="Model.InferencePlan.UsesCallerTensors"/>).
    /// </summary>
    public const string NetworkInput = "input", NetworkOutput = "output";

    /// <summary>The accessor overload of <see cref="ArenaAccessor"/> for a tensor passed as a <c>Kernels.TensorRef</c>: the arena is not used.</summary>
    public const string CallerAccessor = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] private static ref float ArenaAt(ref float arena, " + Kernels + ".TensorRef tensor) => ref tensor.Start;";

    /// <summary>The generated file's class of layer methods (<see cref="InferenceEmitter.EmitLayerClass"/>), generic as <see cref="Generic"/>.</summary>
    public const string LayerClass = "Layer";
    public const string Generic = "<TV, TO>";
    public const string Constraints = "where TV : struct where TO : struct, global::CnnDsl.Kernels.IVectorOps<TV>";

    /// <summary>A <c>ref float</c> expression at arena offset <paramref name="offset"/>.</summary>
    public static string At(long offset) => "ref " + Unsafe + ".Add(ref arena, " + CSharpLiteral.Int(offset) + ")";

    /// <summary>A <c>ref float</c> expression at the arena offset a layer method receives as <see cref="Operand.Offset"/> <paramref name="name"/>.</summary>
    public static string Arena(string name) => "ref ArenaAt(ref arena, " + name + "At)";

    /// <summary>
    /// A <c>ref float</c> expression <paramref name="positions"/> (an expression, e.g. <c>p0</c>) positions of
    /// <paramref name="stride"/> floats into the tensor at operand <paramref name="name"/>: a thread's share of it.
    /// </summary>
    public static string Arena(string name, string positions, long stride) => "ref ArenaAt(ref arena, " + name + "At + " + positions + " * " + stride + ")";

    /// <summary>
    /// The first value of the packed weight array a layer method receives as <see cref="Operand.Array"/>
    /// <paramref name="name"/>: packed arrays are aligned buffers whose values start on a 64-byte boundary.
    /// </summary>
    public static string Packed(string name) => "ref Aligned(" + PackedParameter(name) + ")";

    /// <summary>The parameter name of a packed weight array, e.g. <c>weights</c> (read through <c>Aligned</c>, as packed).</summary>
    public static string PackedParameter(string name) => name;

    /// <summary>The layer method of a node in the generated file's <see cref="LayerClass"/>, e.g. <c>Node12_inception3a_5x5</c>.</summary>
    public static string Method(Node node) => "Node" + CSharpLiteral.Int(node.Id) + "_" + Identifier(node.Name);

    public static string WeightField(Node node) => WeightField(node.Id);

    /// <summary>The packed weight field of node <paramref name="nodeId"/>.</summary>
    public static string WeightField(int nodeId) => "_weights" + CSharpLiteral.Int(nodeId);

    public static string ShiftField(Node node) => "_shifts" + CSharpLiteral.Int(node.Id);

    public static string ScaleField(Node node) => "_scales" + CSharpLiteral.Int(node.Id);

    /// <summary>A name made of the identifier characters of <paramref name="text"/>, others replaced by '_'.</summary>
    public static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text) builder.Append(c < 128 && char.IsLetterOrDigit(c) ? c : '_');
        return builder.ToString();
    }

    /// <summary>
    /// Statements applying a lane-wise activation to vector <paramref name="v"/> (needs the <c>six</c>, <c>three</c>
    /// and <c>sixth</c> locals of <see cref="Constants"/>), or null when it must run over the stored output.
    /// Sigmoid and Swish go through <c>VectorExp</c>, a polynomial the JIT inlines (Vector512.Exp here made
    /// EfficientNet-B0 slower than a separate pass: 17.2 against 10.6 ms of CPU).
    /// The constant comes first in Max/Min: NaN still propagates (IEEE, like ONNX Runtime) and the JIT folds the NaN
    /// test of a constant away, so each clamp stays one instruction.
    /// </summary>
    public static string? InlineAct(Act act, string v) => act switch
    {
        Act.None => "",
        Act.Relu => v + " = TO.Max(TO.Zero, " + v + ");",
        Act.Relu6 => v + " = TO.Min(six, TO.Max(TO.Zero, " + v + "));",
        Act.HardSwish => v + " = TO.Multiply(TO.Multiply(" + v + ", TO.Min(six, TO.Max(TO.Zero, TO.Add(" + v + ", three)))), sixth);",
        Act.Sigmoid => v + " = global::CnnDsl.Kernels.VectorExp.Sigmoid<TV, TO>(" + v + ");",
        Act.Swish => v + " = global::CnnDsl.Kernels.VectorExp.Swish<TV, TO>(" + v + ");",
        _ => null,
    };

    /// <summary>Declarations of the constants <see cref="InlineAct"/> uses.</summary>
    public static void Constants(IndentedWriter w, params Act[] acts)
    {
        bool six = false, hard = false;
        foreach (var act in acts)
        {
            six |= act is Act.Relu6 or Act.HardSwish;
            hard |= act == Act.HardSwish;
        }
        if (six) w.Line("TV six = TO.Create(6f);");
        if (hard) w.Line("TV three = TO.Create(3f), sixth = TO.Create(1f / 6f);");
    }

    /// <summary>The runtime enum member for an activation.</summary>
    public static string ActMember(Act act) => ActType + "." + act;
}
