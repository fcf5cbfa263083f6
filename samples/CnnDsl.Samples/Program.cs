using System;
using CnnDsl.Zoo;

// Every number below was computed by the compiler: the networks are attribute-annotated partial classes.
Console.WriteLine(CourseExample.Summary());
Console.WriteLine(CourseExampleBottleneck.Summary());
Console.WriteLine($"Bottleneck saves {(double)CourseExample.MultiplyAdds / CourseExampleBottleneck.MultiplyAdds:0.0}x multiply-adds.");
Console.WriteLine();
Console.WriteLine(GoogLeNet.Summary());
Console.WriteLine(MobileNetV1.Summary());
Console.WriteLine(MobileNetV2.Summary());
