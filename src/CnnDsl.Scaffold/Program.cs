using System;
using CnnDsl.Scaffold;

// cnndsl-scaffold MODEL.onnx [--class NAME] [--namespace NS] [--out FILE]; see ScaffoldCommand.
return ScaffoldCommand.Run(args, Console.Out, Console.Error);
