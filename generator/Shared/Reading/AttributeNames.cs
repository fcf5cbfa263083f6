namespace CnnDsl.Reading;

/// <summary>Metadata names of the public attributes: the generator matches them by name, it does not reference the runtime library.</summary>
internal static class AttributeNames
{
    public const string Namespace = "CnnDsl";
    public const string Network = "CnnDsl.NetworkAttribute";
    public const string Block = "CnnDsl.BlockAttribute";

    public const string NetworkShort = "NetworkAttribute";
    public const string BlockShort = "BlockAttribute";
}
