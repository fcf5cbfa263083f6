namespace CnnDsl.Model;

/// <summary>One layer attribute of the network with its shapes and cost: the summary's row.</summary>
internal sealed record LayerRow(
    int Index,
    string Name,
    string Kind,
    string Description,
    Shape Input,
    Shape Output,
    long MultiplyAdds,
    long Parameters,
    long BatchNormParameters,
    int FirstNode,
    int NodeCount,
    int SourceId);
