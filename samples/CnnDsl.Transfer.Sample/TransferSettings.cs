namespace CnnDsl.Transfer.Sample;

/// <summary>Where the data and the pretrained model are, where results go, and how many training images to use.</summary>
internal sealed record TransferSettings(string DataFolder, string Output, int TrainingImages, int MultiCropImages, string PretrainedModel)
{
    public const int Seed = 1;
    public const int BatchSize = 32;
    public const int Size = 64;
    public const int ValidationImages = 1000;
}
