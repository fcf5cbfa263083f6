namespace CnnDsl.Model;

/// <summary>
/// Why a definition cannot work. <see cref="SourceId"/> is the attribute to blame and <see cref="Argument"/> the
/// argument within it (constructor parameter or property name; null for the whole attribute). When the problem
/// arises inside a block, <see cref="OuterSourceId"/> is the network's <c>Use</c> attribute that applied it.
/// <see cref="Args"/> are the message arguments, already formatted with the invariant culture.
/// </summary>
internal sealed record ModelError(string Id, int SourceId, string? Argument, EquatableArray<string> Args)
{
    public int OuterSourceId { get; init; } = -1;
}
