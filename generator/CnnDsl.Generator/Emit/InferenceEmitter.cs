using System.Collections.Generic;
using System.Threading;
using CnnDsl.Generator.Emit.Operations;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Writes a network's inference code from its <see cref="InferencePlan"/>: <c>ScratchLength</c>, the constructor
/// that packs the weights, <c>Forward</c>, and one private static method per distinct <see cref="LayerGeometry"/>
/// with constant shapes, which every node of that geometry calls with its own arena offsets and packed weights.
/// Every layer method is generic over the vector width and compiled once per width; <c>Forward</c> picks the
/// width chosen at construction (512, 256, 128 bits or scalar).
/// </summary>
internal static class InferenceEmitter
{
    /// <summary>Packed-weight fields a declaration line holds (a declaration per layer repeats its 34-character head).</summary>
    private const int FieldsPerLine = 12;

    public static void Emit(IndentedWriter w, NetworkSpec spec, NetworkModel model, InferencePlan plan, CancellationToken cancellationToken)
    {
        var nodes = model.Nodes;
        var input = plan.Nodes[0];
        var output = plan.Nodes[plan.OutputNode];

        w.Line("/// <summary>");
        w.Line("/// Floats of scratch one instance uses (" + CSharpLiteral.Int(plan.ArenaLength) + " planned + " + InferencePlan.Slack + " vector slack): every activation");
        w.Line("/// buffer of one image, placed at compile time in a single arena by liveness (buffers that are never alive together share memory).");
        w.Line("/// </summary>");
        w.Line("public const int ScratchLength = " + CSharpLiteral.Int(plan.ScratchLength) + ";");
        w.Line();
        w.Line("private readonly float[] _arena;");
        w.Line("/// <summary>1 while a Forward runs: a second caller on another thread would overwrite the arena, so it is refused.</summary>");
        w.Line("private int _busy;");
        w.Line("private readonly " + Kernels + ".SimdWidth _width;");
        w.Line("/// <summary>The helper thread that computes part 1 of every layer, when made with two threads (else null: the instance owns no thread).</summary>");
        w.Line("private readonly " + Worker + "? _worker;");
        w.Line("/// <summary>1 once disposed: Forward then throws.</summary>");
        w.Line("private int _disposed;");
        // The packed weights of every layer, a few layers a line.
        var fields = new List<string>();
        foreach (var node in nodes)
        {
            if (plan.Nodes[node.Id].Role == NodeRole.Compute) fields.AddRange(OperationEmitters.For(node.Op).Fields(node));
        }
        for (int i = 0; i < fields.Count; i += FieldsPerLine)
            w.Line("private readonly float[] " + string.Join(", ", fields.GetRange(i, System.Math.Min(FieldsPerLine, fields.Count - i))) + ";");
        DenseTailEmitter.EmitFields(w, plan);
        LayerMajorEmitter.EmitFields(w, plan);
        w.Line();
        EmitConstructor(w, spec, model, plan, packs: fields.Count > 0, cancellationToken);
        w.Line();
        EmitForward(w, model, plan, input, output);
        w.Line();
        EmitBuffers(w, spec, model, plan, input, output);
        w.Line();
        EmitParts(w, plan);
        DenseTailEmitter.EmitMethods(w, model.Nodes, plan);
        LayerMajorEmitter.EmitMethods(w, model.Nodes, plan);
        w.Line();
        EmitDispose(w);
        w.Line();
        // Run and the layer methods are most of a network's method bodies and hold no nullable annotations: the compiler's
        // nullable flow analysis of them was about a fifth of the zoo's compile (a sampled trace of the compiler).
        w.Line("// No nullable annotations in Run: the compiler's nullable flow analysis of it would cost builds time for nothing.");
        w.Line("#nullable disable");
        EmitRun(w, model, plan);
        LayerMajorEmitter.EmitRun(w, model.Nodes, plan, (node, p, arena, share) => Call(node, p, plan, model.Nodes, share, arena));
        w.Line("#nullable enable");
    }

    /// <summary>
    /// The layer methods, in a class of the generated file (after the network class: <c>file</c>, so its name is the
    /// file's own) that is generic over the vector width once, instead of each method repeating the type parameters and
    /// their constraints; <c>Run</c> calls <c>Layer&lt;TV, TO&gt;.NodeN_name(...)</c>. It ends with the table of the
    /// generated training layers (<paramref name="trainingLayers"/>), which name its shape structs.
    /// </summary>
    public static void EmitLayerClass(IndentedWriter w, NetworkSpec spec, NetworkModel model, InferencePlan plan,
        IReadOnlyList<(Training.TrainingLayerCode Layer, List<int> Nodes)> trainingLayers, CancellationToken cancellationToken)
    {
        var nodes = model.Nodes;
        w.Line("/// <summary>The layer methods of " + CSharpLiteral.Comment(spec.ClassName) + " (one per distinct layer geometry), at vector <c>TV</c> with its operations <c>TO</c>.</summary>");
        w.Open("file static class " + LayerClass + Generic + " " + Constraints);
        w.Line("// What every layer method below uses, written once: compiled fully optimized at once, its tensors' places in the arena and its packed weights' aligned start.");
        w.Line(LayerMethodOptions);
        w.Line(ArenaAccessor);
        if (plan.UsesCallerTensors) w.Line(CallerAccessor);
        w.Line(PackedAccessor);
        // A method only streamed blocks would call is not written; its shape struct is (their block method names it).
        var called = new HashSet<int>();
        foreach (var user in plan.Nodes) if (user.Role == NodeRole.Compute && user.StreamEnd < 0 && user.StreamedBy < 0) called.Add(user.Method);
        foreach (var node in nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = plan.Nodes[node.Id];
            if (p.Role != NodeRole.Compute || p.Method != node.Id) continue;
            if (called.Contains(node.Id))
            {
                w.Line();
                EmitLayer(w, node, p, plan, nodes);
            }
            OperationEmitters.For(node.Op).EmitHelpers(w, node, p);
        }
        RowStreamEmitter.EmitMethods(w, plan, nodes);
        DenseTailEmitter.EmitLayerMethod(w, nodes, plan);
        Training.TrainingEmitter.EmitLayerTable(w, trainingLayers);
        w.Close();
    }

    private static void EmitConstructor(IndentedWriter w, NetworkSpec spec, NetworkModel model, InferencePlan plan, bool packs, CancellationToken cancellationToken)
    {
        string name = ShortName(spec.ClassName);
        w.Line("/// <summary>");
        w.Line("/// Creates a runnable network: packs <paramref name=\"weights\"/> (canonical OIHW) once into the kernels' layout for this");
        w.Line("/// machine's vector width, folding every batch norm into the preceding convolution, and allocates the scratch arena.");
        w.Line("/// Later changes to <paramref name=\"weights\"/> do not affect this instance.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"weights\">The parameters, e.g. <c>new " + CSharpLiteral.Comment(name) + ".Weights()</c> filled by import or <c>InitializeRandom</c>.</param>");
        w.Line("public " + name + "(" + spec.ClassName + ".Weights weights) : this(weights, 1) { }");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Creates a runnable network as <c>new " + CSharpLiteral.Comment(name) + "(weights)</c> does, computing each image on");
        w.Line("/// <paramref name=\"threads\"/> threads: with 2, the instance starts one helper thread that computes part of every layer");
        w.Line("/// (its own output rows or channel blocks) while the calling thread computes the rest, for a lower latency per image.");
        w.Line("/// The helper waits between calls (it spins for about 50 microseconds, then blocks); <see cref=\"Dispose\"/> stops it.");
        w.Line("/// Results do not depend on the number of threads: every value is computed by one thread, with the same sums in the same order.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"weights\">The parameters.</param>");
        w.Line("/// <param name=\"threads\">1 (the calling thread only, as the one-argument constructor) or 2.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"threads\"/> is not 1 or 2.</exception>");
        w.Open("public " + name + "(" + spec.ClassName + ".Weights weights, int threads)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(weights);");
        w.Open("if (threads is < 1 or > 2)");
        w.Line("throw new global::System.ArgumentOutOfRangeException(nameof(threads), threads, \"threads must be 1 (the calling thread) or 2 (the calling thread and one helper thread)\");");
        w.Close();
        w.Line("_width = " + Kernels + ".Simd.Best;");
        w.Line("// Pinned (the kernels' masked stores take its address) and used from a 64-byte boundary, where the plan's offsets are aligned.");
        w.Line("_arena = " + Kernels + ".AlignedBuffer.Allocate(ScratchLength);");
        DenseTailEmitter.EmitAllocation(w, model.Nodes, plan);
        // The weights and the vector width, said once for every layer's packing statement.
        if (packs) w.Line("var " + AffinePacking.Packer + " = new " + Kernels + ".LayerPacker(weights, lanes: (int)_width);");
        foreach (var node in model.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = plan.Nodes[node.Id];
            if (p.Role == NodeRole.Compute) OperationEmitters.For(node.Op).EmitPacking(w, node, p, model);
        }
        w.Line("// Last, once nothing above can throw: a failed constructor leaves no thread behind.");
        // The helper thread holds the network weakly (the static lambda captures nothing): a network dropped without
        // Dispose is collected and its helper thread ends.
        w.Line("if (threads == 2) _worker = new " + Worker + "(this, static network => ((" + spec.ClassName + ")network).RunSecondPart(), \"CnnDsl " + CSharpLiteral.Comment(name) + "\");");
        w.Close();
    }

    private static void EmitForward(IndentedWriter w, NetworkModel model, InferencePlan plan, NodePlan input, NodePlan output)
    {
        string inShape = model.Input.ToString(), outShape = model.Output.ToString();
        w.Line("/// <summary>");
        w.Line("/// Runs the network on one image or a batch, NHWC: <paramref name=\"input\"/> holds N images of " + inShape + " and");
        w.Line("/// <paramref name=\"output\"/> receives N results of " + outShape + ". Images run one after another through the same");
        w.Line("/// scratch arena, so the arena never grows with the batch and a call allocates nothing." + (DenseTailEmitter.Has(plan) ? " On a batch, the dense layers" : ""));
        if (DenseTailEmitter.Has(plan)) w.Line("/// that end the network run on up to <c>DenseBatch.Images</c> images at once, each weight read once for all of them.");
        if (LayerMajorEmitter.Has(plan)) w.Line("/// On one thread, a batch's layers from " + CSharpLiteral.Comment(model.Nodes[plan.LayerMajor!.Cut].Name) + " on run layer by layer over chunks of <c>DenseBatch.Images</c> images, each in its own copy of part of the arena (allocated at the first such batch).");
        w.Line("/// Not thread-safe: one instance has one arena; run instances in parallel instead (they share nothing). A call");
        w.Line("/// that starts while another runs on the same instance throws instead of corrupting both results. An instance made");
        w.Line("/// with two threads computes each image on the calling thread and its helper thread together.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A length is not N x " + inShape + " or does not match the batch, or the two spans overlap.</exception>");
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">Another call is running on this instance.</exception>");
        w.Line("/// <exception cref=\"global::System.ObjectDisposedException\">The instance was disposed.</exception>");
        w.Open("public void Forward(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)");
        w.Open("if (input.Length == 0 || input.Length % InputLength != 0)");
        w.Line("throw new global::System.ArgumentException(\"input must be N x " + inShape + " (a multiple of " + model.Input.Elements + " values), got \" + input.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture), nameof(input));");
        w.Close();
        w.Line("int batch = input.Length / InputLength;");
        w.Open("if (output.Length != (long)batch * OutputLength)");
        w.Line("throw new global::System.ArgumentException(\"output must be \" + batch.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" x " + outShape + " (\" + ((long)batch * OutputLength).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" values) for \" + batch.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" input image(s), got \" + output.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture), nameof(output));");
        w.Close();
        w.Open("if (global::System.MemoryExtensions.Overlaps(input, (global::System.ReadOnlySpan<float>)output))");
        w.Line("throw new global::System.ArgumentException(\"output overlaps input: a result would overwrite an image not yet read; pass separate buffers\", nameof(output));");
        w.Close();
        w.Open("if (global::System.Threading.Interlocked.Exchange(ref _busy, 1) != 0)");
        w.Line("throw new global::System.InvalidOperationException(\"Forward is already running on this instance (on another thread); an instance is not thread-safe: use one instance per thread.\");");
        w.Close();
        w.Open("try");
        w.Line("global::System.ObjectDisposedException.ThrowIf(_disposed != 0, this);");
        LayerMajorEmitter.EmitDispatch(w, plan);
        var (copiesIn, copiesOut) = SplitCopies(model, plan);
        if (!plan.UsesCallerTensors && !(copiesIn && copiesOut && !DenseTailEmitter.Has(plan))) w.Line("ref float arena = ref " + Kernels + ".AlignedBuffer.Start(_arena);");
        w.Line(plan.UsesCallerTensors || copiesIn ? "_worker?.Wake(); // a helper blocked since the last call starts waking now"
            : "_worker?.Wake(); // a helper blocked since the last call wakes while the input is copied");
        if (DenseTailEmitter.Has(plan))
        {
            w.Line("ref float tail = ref " + Kernels + ".AlignedBuffer.Start(_batchTail);");
            w.Line("_batchingTail = batch > 1;");
        }
        w.Open("for (int n = 0; n < batch; n++)");
        if (plan.UsesCallerTensors)
        {
            EmitInPlace(w, plan);
        }
        else
        {
            string image = "input.Slice(n * InputLength, InputLength)", result = "output.Slice(n * OutputLength, OutputLength)";
            if (copiesIn || copiesOut)
                w.Line("// " + (copiesIn && copiesOut ? "The image is copied into the arena in Run's first parts and the result out of it in its last (CopyIn, CopyOut)"
                    : copiesIn ? "The image is copied into the arena in Run's first parts (CopyIn)" : "The result is copied out of the arena in Run's last parts (CopyOut)") + ": on two threads, both copy.");
            if (!copiesIn) w.Line(image + ".CopyTo(" + Kernels + ".TensorCopy.Span(" + At(input.Offset) + ", InputLength));");
            w.Line(copiesIn || copiesOut ? "RunImage(" + (copiesIn ? image : "default") + ", " + (copiesOut ? result : "default") + ");" : "RunImage();");
            string copyOutput = Kernels + ".TensorCopy.View(" + At(output.Offset) + ", OutputLength).CopyTo(" + result + ");";
            if (DenseTailEmitter.Has(plan)) DenseTailEmitter.EmitGather(w, model.Nodes, plan, copyOutput);
            else if (!copiesOut) w.Line(copyOutput);
        }
        w.Close();
        w.Close();
        w.Open("finally");
        w.Line("global::System.Threading.Volatile.Write(ref _busy, 0);");
        w.Close();
        w.Close();
    }

    /// <summary>
    /// One image of <c>Forward(input, output)</c> when the plan lets the layers read the network's input or write its
    /// output where the caller holds them (<see cref="CallerTensors"/>); the side that is not the caller's goes through
    /// the arena's region, copied as before.
    /// </summary>
    private static void EmitInPlace(IndentedWriter w, InferencePlan plan)
    {
        string image = "input.Slice(n * InputLength, InputLength)", result = "output.Slice(n * OutputLength, OutputLength)";
        w.Line("// " + (plan.InputFromCaller && plan.OutputToCaller ? "The layers read the image and write the result where they are: no copies."
            : plan.InputFromCaller ? "The layers read the image where it is; the result is copied out of the arena."
            : "The image is copied into the arena; the layers write the result where it goes."));
        if (!plan.InputFromCaller) w.Line(image + ".CopyTo(InputBuffer);");
        w.Line("RunImage(" + (plan.InputFromCaller ? image : "InputBuffer") + ", " + (plan.OutputToCaller ? result : "OutputBuffer") + ");");
        if (!plan.OutputToCaller) w.Line("OutputBuffer.CopyTo(" + result + ");");
    }

    /// <summary>
    /// <c>RunImage</c> on an image and a result anywhere (the caller's spans or the arena's regions), whose layers take the
    /// network's input and output as <c>Kernels.TensorRef</c>s: on one thread by reference; on two threads pinned
    /// (<c>Kernels.PinnedSpans</c>), their addresses in <c>_image</c> and <c>_result</c> for the helper thread.
    /// </summary>
    private static void EmitRunOnSpans(IndentedWriter w, NetworkSpec spec)
    {
        w.Line("/// <summary>The image in the arena's input region through every layer, its result to the output region.</summary>");
        w.Line("private void RunImage() => RunImage(InputBuffer, OutputBuffer);");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The image in <paramref name=\"image\"/> through every layer, its result to <paramref name=\"result\"/> (the caller's spans, or the arena's");
        w.Line("/// regions): on the calling thread, and its helper when made with two threads, which finds them pinned at <c>_image</c> and <c>_result</c>.");
        w.Line("/// </summary>");
        w.Open("private void RunImage(global::System.ReadOnlySpan<float> image, global::System.ReadOnlySpan<float> result)");
        w.Open("if (_worker is null)");
        w.Line(Worker + ".RunStarts();");
        w.Line("RunPart(" + Kernels + ".TensorRef.Of(image), " + Kernels + ".TensorRef.Of(result), 0, 1);");
        w.Close();
        w.Line("else " + Kernels + ".PinnedSpans.Run(image, result, this, static (network, image, result) => ((" + spec.ClassName + ")network).RunPinned(image, result));");
        w.Close();
        w.Line();
        w.Line("/// <summary>Where the helper thread finds the image and its result (pinned while both threads run on them).</summary>");
        w.Line("private nint _image, _result;");
        w.Line();
        w.Line("/// <summary>Both threads on the image and result pinned at these addresses.</summary>");
        w.Open("private void RunPinned(nint image, nint result)");
        w.Line("_image = image;");
        w.Line("_result = result;");
        w.Line("_worker!.Start();");
        w.Line("RunPart(" + Kernels + ".TensorRef.At(image), " + Kernels + ".TensorRef.At(result), 0, 2);");
        w.Line("_worker.ThrowIfFailed();");
        w.Close();
    }

    /// <summary>
    /// A <c>switch (_width)</c> that names generic <paramref name="method"/> (a method, or the layer class) at this
    /// machine's vector width, followed by <paramref name="arguments"/> (which end in <c>break;</c>).
    /// </summary>
    internal static void WidthSwitch(IndentedWriter w, string method, string arguments)
    {
        w.Open("switch (_width)");
        w.Line("case " + Kernels + ".SimdWidth.Vector512: " + method + "<global::System.Runtime.Intrinsics.Vector512<float>, " + Kernels + ".Vector512Ops>" + arguments);
        w.Line("case " + Kernels + ".SimdWidth.Vector256: " + method + "<global::System.Runtime.Intrinsics.Vector256<float>, " + Kernels + ".Vector256Ops>" + arguments);
        w.Line("case " + Kernels + ".SimdWidth.Vector128: " + method + "<global::System.Runtime.Intrinsics.Vector128<float>, " + Kernels + ".Vector128Ops>" + arguments);
        w.Line("default: " + method + "<float, " + Kernels + ".ScalarOps>" + arguments);
        w.Close();
    }

    /// <summary>
    /// <c>InputBuffer</c>, <c>OutputBuffer</c> and <c>Forward()</c> (<c>INetworkBuffers</c>): one image in the arena's own
    /// input and output regions, without <c>Forward(input, output)</c>'s copies; and <c>RunImage</c>, which both run.
    /// </summary>
    private static void EmitBuffers(IndentedWriter w, NetworkSpec spec, NetworkModel model, InferencePlan plan, NodePlan input, NodePlan output)
    {
        w.Line("/// <summary>");
        w.Line("/// Where the next image goes for <see cref=\"Forward()\"/> (<see cref=\"InputLength\"/> floats, NHWC): the arena's input region, so");
        w.Line("/// a producer writing here saves the copy in of <c>Forward(input, output)</c>. The layers reuse the arena while a call");
        w.Line("/// runs: write the image again before each call.");
        w.Line("/// </summary>");
        w.Line("public global::System.Span<float> InputBuffer => " + Kernels + ".TensorCopy.Span(ref " + Unsafe + ".Add(ref " + Kernels + ".AlignedBuffer.Start(_arena), " + CSharpLiteral.Int(input.Offset) + "), InputLength);");
        w.Line();
        w.Line("/// <summary>The last <see cref=\"Forward()\"/>'s result (<see cref=\"OutputLength\"/> floats), until the next call or the next write to <see cref=\"InputBuffer\"/> (they may share memory).</summary>");
        w.Line("public global::System.ReadOnlySpan<float> OutputBuffer => " + Kernels + ".TensorCopy.View(ref " + Unsafe + ".Add(ref " + Kernels + ".AlignedBuffer.Start(_arena), " + CSharpLiteral.Int(output.Offset) + "), OutputLength);");
        w.Line();
        w.Line("/// <summary>Runs the image in <see cref=\"InputBuffer\"/>, leaving the result in <see cref=\"OutputBuffer\"/>: <c>Forward(input, output)</c> on one image without its copies.</summary>");
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">Another call is running on this instance.</exception>");
        w.Line("/// <exception cref=\"global::System.ObjectDisposedException\">The instance was disposed.</exception>");
        w.Open("public void Forward()");
        w.Open("if (global::System.Threading.Interlocked.Exchange(ref _busy, 1) != 0)");
        w.Line("throw new global::System.InvalidOperationException(\"Forward is already running on this instance (on another thread); an instance is not thread-safe: use one instance per thread.\");");
        w.Close();
        w.Open("try");
        w.Line("global::System.ObjectDisposedException.ThrowIf(_disposed != 0, this);");
        if (DenseTailEmitter.Has(plan)) w.Line("_batchingTail = false;");
        w.Line("_worker?.Wake();");
        w.Line("RunImage();");
        w.Close();
        w.Open("finally");
        w.Line("global::System.Threading.Volatile.Write(ref _busy, 0);");
        w.Close();
        w.Close();
        w.Line();
        if (plan.UsesCallerTensors)
        {
            EmitRunOnSpans(w, spec);
            return;
        }
        w.Line("/// <summary>The image in the arena's input region through every layer: on the calling thread, and its helper when made with two threads.</summary>");
        w.Open("private void RunImage()");
        w.Open("if (_worker is null)");
        w.Line(Worker + ".RunStarts();");
        w.Line("RunPart(0, 1);");
        w.Close();
        w.Open("else");
        w.Line("_worker.Start();");
        w.Line("RunPart(0, 2);");
        w.Line("_worker.ThrowIfFailed();");
        w.Close();
        w.Close();
        var (copiesIn, copiesOut) = SplitCopies(model, plan);
        if (!copiesIn && !copiesOut) return;
        w.Line();
        w.Line("/// <summary>");
        w.Line(copiesIn && copiesOut
            ? "/// <c>Forward(input, output)</c>'s image and result, pinned while <c>RunImage</c> runs: Run's first parts copy the image into"
            : copiesIn ? "/// <c>Forward(input, output)</c>'s image (the result: empty, copied by the caller), pinned while <c>RunImage</c> runs: Run's first parts copy it into"
            : "/// <c>Forward(input, output)</c>'s result (the image: empty, copied by the caller), pinned while <c>RunImage</c> runs: Run's last parts copy into it");
        w.Line(copiesIn && copiesOut ? "/// the arena and its last the result out (<c>CopyIn</c>, <c>CopyOut</c>), on two threads both."
            : copiesIn ? "/// the arena (<c>CopyIn</c>), on two threads both." : "/// from the arena (<c>CopyOut</c>), on two threads both.");
        w.Line("/// </summary>");
        w.Line("private void RunImage(global::System.ReadOnlySpan<float> image, global::System.ReadOnlySpan<float> result) => " + Kernels + ".PinnedSpans.Run(image, result, this, static (network, image, result) => ((" + spec.ClassName + ")network).RunPinned(image, result));");
        w.Line();
        w.Line("/// <summary>Where both threads find the image to copy in and the result's place (pinned), 0 when there is nothing to copy (<c>Forward()</c>).</summary>");
        w.Line("private nint _image, _result;");
        w.Line();
        w.Line("/// <summary><c>RunImage</c> with the image and the result at these addresses (0: none).</summary>");
        w.Open("private void RunPinned(nint image, nint result)");
        w.Line("_image = image;");
        w.Line("_result = result;");
        w.Open("try");
        w.Line("RunImage();");
        w.Close();
        w.Open("finally");
        w.Line("_image = 0;");
        w.Line("_result = 0;");
        w.Close();
        w.Close();
    }

    /// <summary>The part of one image a thread computes, at the vector width chosen at construction; the helper thread's entry.</summary>
    private static void EmitParts(IndentedWriter w, InferencePlan plan)
    {
        bool caller = plan.UsesCallerTensors;
        string tensors = caller ? Kernels + ".TensorRef " + NetworkInput + ", " + Kernels + ".TensorRef " + NetworkOutput + ", " : "";
        string arguments = "(ref arena, " + (caller ? NetworkInput + ", " + NetworkOutput + ", " : "") + "thread, threads); break;";
        w.Line(caller
            ? "/// <summary>Part <paramref name=\"thread\"/> of <paramref name=\"threads\"/> of the image at <paramref name=\"input\"/>, its result to <paramref name=\"output\"/> (the caller's spans or the arena's regions), at this machine's vector width.</summary>"
            : "/// <summary>Part <paramref name=\"thread\"/> of <paramref name=\"threads\"/> of the image in the arena, at this machine's vector width.</summary>");
        w.Open("private void RunPart(" + tensors + "int thread, int threads)");
        w.Line("ref float arena = ref " + Kernels + ".AlignedBuffer.Start(_arena);");
        WidthSwitch(w, "Run", arguments);
        w.Close();
        w.Line();
        w.Line("/// <summary>The helper thread's part of each image (the constructor hands the helper a static lambda that calls it).</summary>");
        w.Line("private void RunSecondPart() => RunPart(" + (caller ? Kernels + ".TensorRef.At(_image), " + Kernels + ".TensorRef.At(_result), " : "") + "1, 2);");
    }

    private static void EmitDispose(IndentedWriter w)
    {
        w.Line("/// <summary>");
        w.Line("/// Stops the helper thread of an instance made with two threads (waiting for a running Forward to finish first);");
        w.Line("/// an instance made with one thread owns no thread. Forward then throws <see cref=\"global::System.ObjectDisposedException\"/>.");
        w.Line("/// </summary>");
        w.Open("public void Dispose()");
        w.Line("global::System.Threading.SpinWait wait = default;");
        w.Line("while (global::System.Threading.Interlocked.CompareExchange(ref _busy, 1, 0) != 0) wait.SpinOnce();");
        w.Open("try");
        w.Line("if (global::System.Threading.Interlocked.Exchange(ref _disposed, 1) == 0) _worker?.Dispose();");
        w.Close();
        w.Open("finally");
        w.Line("global::System.Threading.Volatile.Write(ref _busy, 0);");
        w.Close();
        w.Close();
    }

    /// <summary>
    /// One image, from the input buffer to the output buffer of the arena: thread <c>thread</c> of <c>threads</c> calls
    /// every layer shared between threads with its part and meets the other thread after it; consecutive layers that
    /// run on thread 0 alone run in one block, and the other thread waits once for all of them.
    /// </summary>
    private static void EmitRun(IndentedWriter w, NetworkModel model, InferencePlan plan)
    {
        if (plan.UsesCallerTensors)
        {
            w.Line("/// <summary>Part <paramref name=\"thread\"/> of <paramref name=\"threads\"/> of one image, from <paramref name=\"input\"/> to <paramref name=\"output\"/> (the layers reading or writing them take them in place of an arena offset).</summary>");
            w.Open("private void Run" + Generic + "(ref float arena, " + Kernels + ".TensorRef " + NetworkInput + ", " + Kernels + ".TensorRef " + NetworkOutput + ", int thread, int threads) " + Constraints);
        }
        else
        {
            w.Line("/// <summary>Part <paramref name=\"thread\"/> of <paramref name=\"threads\"/> of one image, from the input buffer to the output buffer of the arena.</summary>");
            w.Open("private void Run" + Generic + "(ref float arena, int thread, int threads) " + Constraints);
        }
        // Each distinct part count a layer is cut into (the planner's, per layer) is a local: 1 on one thread.
        var counts = new SortedSet<int>();
        foreach (var node in model.Nodes)
        {
            if (plan.Nodes[node.Id].Role == NodeRole.Compute && ThreadRange.ClaimsParts(plan.Nodes[node.Id])) counts.Add(plan.Nodes[node.Id].Parts);
        }
        bool claimsParts = counts.Count > 0;
        if (claimsParts)
        {
            w.Line("// Shared layers are cut into parts (of their output rows or positions in whole tiles, unless their method says pairs of output channel vectors reading only their weights): thread 0 takes them from the first, thread 1 from the last, until they meet (a helper that wakes late takes fewer); NextPart meets the other thread after a layer's last part.");
            foreach (int count in counts) w.Line("int " + ThreadRange.PartsLocal(count) + " = threads == 1 ? 1 : " + count + ";");
        }
        // Said once here rather than at each such block (437 of them in the zoo).
        bool anyAlone = false;
        foreach (var alone in model.Nodes) anyAlone |= plan.Nodes[alone.Id].Role == NodeRole.Compute && !ThreadRange.Shared(plan.Nodes[alone.Id]);
        if (anyAlone) w.Line("// A layer too small to share runs on thread 0 alone (the if (thread == 0) blocks); the other thread waits at the next Meet" + (claimsParts ? " or NextPart." : "."));
        var (copiesIn, copiesOut) = SplitCopies(model, plan);
        if (copiesIn || copiesOut)
        {
            // Read before this run's first meeting, which the caller passes only after the helper: neither thread sees the next call's.
            w.Line("nint " + (copiesIn && copiesOut ? "image = _image, result = _result" : copiesIn ? "image = _image" : "result = _result") + "; // this call's copies (0: none)");
        }
        if (copiesIn) w.Line("CopyIn(ref arena, image, thread, threads);");
        bool firstThreadOnly = false, meets = false;
        // After a stop (before a batch's dense layers, or its layers run layer by layer), a shared layer first meets the thread-0 block closed for the stop.
        bool owesMeet = false;
        foreach (var node in model.Nodes)
        {
            var p = plan.Nodes[node.Id];
            bool denseStop = DenseTailEmitter.Has(plan) && node.Id == plan.DenseTail[0];
            if (denseStop || node.Id == plan.LayerMajor?.Cut)
            {
                if (firstThreadOnly) w.Close();
                owesMeet = firstThreadOnly;
                firstThreadOnly = false;
                w.Line(denseStop ? DenseTailEmitter.Stop : LayerMajorEmitter.Stop);
            }
            if (p.Role == NodeRole.Compute)
            {
                bool shared = ThreadRange.Shared(p);
                if ((firstThreadOnly || owesMeet) && shared)
                {
                    if (firstThreadOnly) w.Close();
                    w.Line("Meet();");
                    meets = true;
                    firstThreadOnly = false;
                }
                if (!shared && !firstThreadOnly)
                {
                    w.Open("if (thread == 0)");
                    firstThreadOnly = true;
                }
                owesMeet = false;
                // A streamed block (RowStreams): one call for its three layers on each part of its rows.
                if (p.StreamEnd >= 0) RowStreamEmitter.EmitCall(w, node, plan, model.Nodes);
                else if (p.StreamedBy < 0) w.Line(LayerLine(node, p, plan, model.Nodes));
                if (shared && !ThreadRange.ClaimsParts(p))
                {
                    w.Line("Meet();");
                    meets = true;
                }
            }
            else if (p.Role == NodeRole.Alias) w.Line("// " + CSharpLiteral.Comment(node.Name) + ": " + CSharpLiteral.Comment(p.Note ?? "") + ".");
        }
        // The last layers ran on thread 0 alone: the helper has nothing left to wait for in this image (but its part of the copy out).
        if (firstThreadOnly) w.Close();
        if (copiesOut)
        {
            if (firstThreadOnly)
            {
                w.Line("if (result != 0) Meet();");
                meets = true;
            }
            w.Line("CopyOut(ref arena, result, thread, threads);");
        }
        w.Close();
        EmitCopies(w, plan, copiesIn, copiesOut);
        if (claimsParts)
        {
            w.Line();
            w.Line("/// <summary>This thread's next part of a shared layer (part starts at -1); after its last, it meets the other thread.</summary>");
            w.Line("private bool NextPart(int thread, ref int part, int parts) => " + Worker + ".NextOrSync(_worker, thread, ref part, parts);");
        }
        if (meets)
        {
            w.Line();
            w.Line("/// <summary>Waits for the other thread, when there is one (after a layer both threads computed a half of, or before a layer on its result).</summary>");
            w.Line("private void Meet() => " + Worker + ".Meet(_worker);");
        }
    }

    /// <summary>A layer's line in <c>Run</c>: a loop over the parts it claims, or its call (a layer meeting inside, or on one thread).</summary>
    private static string LayerLine(Node node, NodePlan p, InferencePlan plan, IReadOnlyList<Node> nodes)
        // A layer that claims parts meets the other thread in NextPart's last call; one that meets inside, after it.
        => ThreadRange.ClaimsParts(p)
            ? "for (int p = -1; NextPart(thread, ref p, " + ThreadRange.PartsLocal(p.Parts) + ");) " + Call(node, p, plan, nodes, "p, " + ThreadRange.PartsLocal(p.Parts))
            : Call(node, p, plan, nodes, "thread, threads");

    /// <summary>Parts of an image's copy into the arena or a result's out of it on two threads.</summary>
    private const int CopyParts = 8;

    /// <summary>
    /// The fewest floats of an image or result that <c>Run</c> copies in parts (256 KB: a copy of tens of microseconds,
    /// against a meeting's one or two); a smaller one is copied by the caller around <c>RunImage</c>, as before.
    /// </summary>
    private const long SplitCopyFloats = 65536;

    /// <summary>
    /// Whether <c>Forward(input, output)</c>'s copy of the image into the arena, and of the result out of it, run in
    /// <c>Run</c>'s first and last parts (<c>CopyIn</c>, <c>CopyOut</c>), which both threads take, rather than on the caller
    /// alone while the helper waits (W3 on two threads: 0.6 and 0.8 MB, 60 us of a 0.8 ms call). Not when the layers read
    /// or write the caller's spans themselves (<see cref="CallerTensors"/>), nor the result of a batch's gathered dense tail.
    /// Only in a network with a layer both threads share (before a dense tail): every run then meets at least once, so the helper reads a
    /// call's copies (<c>_image</c>, <c>_result</c>) before the caller can finish that call and set the next one's.
    /// </summary>
    private static (bool In, bool Out) SplitCopies(NetworkModel model, InferencePlan plan)
    {
        bool meets = false;
        // A batch's run stops before its gathered dense tail: a shared layer counts only before it.
        int end = DenseTailEmitter.Has(plan) ? plan.DenseTail[0] : int.MaxValue;
        foreach (var node in model.Nodes) meets |= node.Id < end && plan.Nodes[node.Id].Role == NodeRole.Compute && ThreadRange.Shared(plan.Nodes[node.Id]);
        return plan.UsesCallerTensors || !meets ? (false, false)
            : (model.Input.Elements >= SplitCopyFloats, !DenseTailEmitter.Has(plan) && model.Output.Elements >= SplitCopyFloats);
    }

    /// <summary><c>CopyIn</c> and <c>CopyOut</c>, those of them that <see cref="SplitCopies"/> says.</summary>
    private static void EmitCopies(IndentedWriter w, InferencePlan plan, bool copiesIn, bool copiesOut)
    {
        if (copiesIn) EmitCopyIn(w, plan);
        if (copiesOut) EmitCopyOut(w, plan);
    }

    private static void EmitCopyIn(IndentedWriter w, InferencePlan plan)
    {
        w.Line();
        w.Line("/// <summary><c>Forward(input, output)</c>'s image (pinned at <paramref name=\"image\"/>) into the arena's input region, in parts both threads take; nothing in <c>Forward()</c>, whose image is there.</summary>");
        w.Open("private void CopyIn(ref float arena, nint image, int thread, int threads)");
        w.Line("if (image == 0) return;");
        w.Line("int parts = threads == 1 ? 1 : " + CopyParts + ";");
        w.Line("for (int p = -1; " + Worker + ".NextOrSync(_worker, thread, ref p, parts);) " + Kernels + ".TensorCopy.PartFrom(image, " + At(plan.Nodes[0].Offset) + ", InputLength, p, parts);");
        w.Close();
    }

    private static void EmitCopyOut(IndentedWriter w, InferencePlan plan)
    {
        w.Line();
        w.Line("/// <summary>The result in the arena's output region to <c>Forward(input, output)</c>'s (pinned at <paramref name=\"result\"/>), in parts both threads take; nothing in <c>Forward()</c>.</summary>");
        w.Open("private void CopyOut(ref float arena, nint result, int thread, int threads)");
        w.Line("if (result == 0) return;");
        w.Line("int parts = threads == 1 ? 1 : " + CopyParts + ";");
        w.Line("for (int p = -1; " + Worker + ".NextOrSync(_worker, thread, ref p, parts);) " + Kernels + ".TensorCopy.PartTo(" + At(plan.Nodes[plan.OutputNode].Offset) + ", result, OutputLength, p, parts);");
        w.Close();
    }

    /// <summary>The node's call of its layer method with its own operands (named in a comment when the method is shared).</summary>
    private static string Call(Node node, NodePlan p, InferencePlan plan, IReadOnlyList<Node> nodes, string share, string arena = "ref arena")
    {
        var arguments = new List<string> { arena };
        foreach (var operand in OperationEmitters.For(node.Op).Operands(node, p, plan)) arguments.Add(operand.Argument);
        if (ThreadRange.Shared(p)) arguments.Add(share);
        if (ThreadRange.MeetsInside(p)) arguments.Add("_worker");
        return LayerClass + Generic + "." + Method(nodes[p.Method]) + "(" + string.Join(", ", arguments) + ");" + (p.Method == node.Id ? "" : " // " + CSharpLiteral.Comment(node.Name));
    }

    private static void EmitLayer(IndentedWriter w, Node node, NodePlan p, InferencePlan plan, IReadOnlyList<Node> nodes)
    {
        var users = new List<Node>();
        foreach (var user in nodes) if (plan.Nodes[user.Id].Method == node.Id) users.Add(user);
        var parameters = new List<string> { "ref float arena" };
        foreach (var operand in OperationEmitters.For(node.Op).Operands(node, p, plan)) parameters.Add(operand.Type + " " + operand.Parameter);
        if (ThreadRange.Shared(p)) parameters.Add(ThreadRange.Parameters);
        if (ThreadRange.MeetsInside(p)) parameters.Add(Worker + " worker");
        w.Line(Optimized);
        w.Open("public static void " + Method(node) + "(" + string.Join(", ", parameters) + ")");
        foreach (var line in Header(node, p, nodes, users)) w.Line("// " + CSharpLiteral.Comment(line));
        OperationEmitters.For(node.Op).EmitForward(w, node, p, plan, nodes);
        w.Close();
    }

    /// <summary>
    /// The opening comment of a layer method: name, shapes, cost and the plan's decisions. A method shared by several
    /// layers describes only what they have in common; their names and arena offsets are their calls in <c>Run</c>.
    /// What the method's own code or <c>Run</c> already says (offsets, the common way of cutting a layer into parts) is
    /// not repeated.
    /// </summary>
    private static IEnumerable<string> Header(Node node, NodePlan p, IReadOnlyList<Node> nodes, IReadOnlyList<Node> users)
    {
        bool shared = users.Count > 1;
        string window = node.Window is { } win ? " " + win.Text : "";
        string macs = node.MultiplyAdds == 0 ? "" : ", " + node.MultiplyAdds.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) + " MACs" + (shared ? " each" : "");
        string more = users.Count - 1 + " more layer" + (users.Count > 2 ? "s" : "") + " (calls in Run)";
        string act = p.Act == Act.None ? "" : ", then " + p.Act + (p.Act != node.Act ? " (from a fused layer)" : "");
        yield return node.Name + (shared ? " and " + more : "") + ": " + node.Op + window + ", " + node.Input + " -> " + node.Output + macs + act + ".";
        if (node.Window is { Pads.Any: true } padded) yield return "Pads " + padded.Pads + ".";
        if (p.Residual >= 0) yield return "Epilogue adds " + (shared ? "the residual input" : nodes[p.Residual].Name) + (p.ResidualAct != Act.None ? " then applies " + p.ResidualAct : "") + ".";
        if (p.SliceOf >= 0)
            yield return shared ? "Writes a slice of a concatenation directly (position stride " + p.PixelStride + ")."
                : "Writes channels " + p.ChannelOffset + ".." + (p.ChannelOffset + node.Output.Channels - 1) + " of " + nodes[p.SliceOf].Name + " directly.";
        if (p.InPlace && !shared) yield return "In place: its input is not read afterwards.";
        if (p.GatedBy >= 0) yield return "Reads its weights times the gate of " + (shared ? "the squeeze-and-excitation before it" : nodes[p.GatedBy].Name) + ", copied for each image, and that layer's input unscaled.";
        // How parts are taken, and their kind and count when a layer is cut into parts of its rows, are said once, in
        // Run's opening comment (the method's ranges show its rows or tiles); a method says only how it differs.
        string parts = p.Split == ThreadSplit.Channels ? "output channel pairs" : WinogradRule.Applies(node, p) ? "output tiles" : "output rows";
        if (!ThreadRange.Shared(p)) yield return "On two threads: thread 0 alone (too small to share).";
        else if (!ThreadRange.ClaimsParts(p)) yield return "On two threads: both border its input (half the rows each) and meet; then each computes its own half of its " + parts + ".";
        else if (p.Split == ThreadSplit.Channels || p.Parts != NodePlan.DefaultParts) yield return "On two threads: " + p.Parts + " parts of its " + parts + ".";
    }

    private static string ShortName(string className)
    {
        int generic = className.IndexOf('<');
        return generic < 0 ? className : className.Substring(0, generic);
    }
}
