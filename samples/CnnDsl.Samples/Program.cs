using System;
using System.Linq;
using System.Reflection;
using CnnDsl.Samples;
using CnnDsl.Zoo;

// 1. Every number in these tables was computed by the compiler: the networks are attribute-annotated partial classes.
Console.WriteLine(CourseExample.Summary());
Console.WriteLine(CourseExampleBottleneck.Summary());
Console.WriteLine($"Bottleneck saves {(double)CourseExample.MultiplyAdds / CourseExampleBottleneck.MultiplyAdds:0.0}x multiply-adds.");
Console.WriteLine();
Console.WriteLine(GoogLeNet.Summary());
Console.WriteLine(MobileNetV1.Summary());
Console.WriteLine(MobileNetV2.Summary());

// 2. A real pretrained network: ResNet-18's weights imported from ONNX into its DSL definition, run on a photo.
string Metadata(string key) => typeof(ResNet18Demo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
string photo = args.Length > 0 ? args[0] : System.IO.Path.Combine(Metadata("ImagesPath"), "chelsea-224.jpg");
ResNet18Demo.Run(Metadata("ResNet18PackagePath"), photo);
