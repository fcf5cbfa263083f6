namespace CnnDsl.Training;

/// <summary>Work split into independent items: each item's result depends only on the item, never on which thread runs it.</summary>
internal interface IParallelWork
{
    void Execute(int item);
}
