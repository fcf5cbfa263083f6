namespace CnnDsl.Model;

/// <summary>Mirror of the public <c>CnnDsl.Act</c> enum (the generator does not reference the runtime library).</summary>
internal enum ActKind
{
    None = 0,
    Relu = 1,
    Relu6 = 2,
    Sigmoid = 3,
    Swish = 4,
    HardSwish = 5,
    Softmax = 6,
}

/// <summary>Mirror of the public <c>CnnDsl.Padding</c> enum.</summary>
internal enum PaddingKind
{
    Same = 0,
    Valid = 1,
    SameLower = 2,
}

/// <summary>Mirror of the public <c>CnnDsl.Merge</c> enum.</summary>
internal enum MergeKind
{
    Concat = 0,
    Add = 1,
}
