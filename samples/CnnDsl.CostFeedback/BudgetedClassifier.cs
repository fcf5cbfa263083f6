namespace CnnDsl.CostFeedback;

/// <summary>
/// A small classifier with budgets on [Network]: it needs 50.7M multiply-adds, over its 50M budget (CNN0103 names
/// the three most expensive layers). Its 36-filter convolution leaves SIMD lanes idle (CNN0105).
/// </summary>
[Network(Input = "28x28x192", MaxMultiplyAdds = 50_000_000, MaxParameters = 100_000)]
[Conv(64, 1, Act = Act.Relu)]
[Conv(32, 5, Act = Act.Relu)]
[MaxPool(2)]
[Conv(36, 3, Act = Act.Relu)]
[GlobalAvgPool]
[Dense(10, Act = Act.Softmax)]
public partial class BudgetedClassifier
{
}
