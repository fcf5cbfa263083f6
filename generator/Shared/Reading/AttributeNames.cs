namespace CnnDsl.Reading;

/// <summary>Metadata names of the public attributes: the generator matches them by name, it does not reference the runtime library.</summary>
internal static class AttributeNames
{
    public const string Namespace = "CnnDsl";
    public const string Network = Namespace + "." + nameof(NetworkAttribute);
    public const string Block = Namespace + "." + nameof(BlockAttribute);

    public const string NetworkShort = nameof(NetworkAttribute);
    public const string BlockShort = nameof(BlockAttribute);
}
