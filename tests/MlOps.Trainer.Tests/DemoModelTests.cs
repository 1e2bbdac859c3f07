using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlOps.Trainer.DemoData;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Tests;

public sealed class DemoModelTests
{
    private static readonly Lazy<TrainedModel> Trained = new(() => DemoTraining.Train(new TrainingOptions()));

    [Fact]
    public void Generator_WithDefaultSeed_ReproducesTheCommittedCsv()
    {
        using var committed = typeof(CreditDefaultGenerator).Assembly.GetManifestResourceStream("credit-default.csv")!;
        Assert.Equal(new StreamReader(committed).ReadToEnd(), CreditDefaultGenerator.Generate());
    }

    [Fact]
    public void Train_DemoData_LearnsTheSignalOnTheHoldout()
    {
        var metrics = Trained.Value.Metrics;
        Assert.InRange(metrics["auc"], 0.70, 0.95);
        Assert.InRange(metrics["accuracy"], 0.75, 1.0);
        Assert.InRange(metrics["log_loss"], 0.0, 0.6);
        Assert.True(metrics.ContainsKey("f1"));
    }

    [Fact]
    public void Train_DemoData_ExportsOnnxWithFeatureInputsAndOnlyTheRealOutputs()
    {
        using var session = new InferenceSession(Trained.Value.Onnx);
        Assert.Equal(TabularSpec.CreditDefault.Features.Order(), session.InputMetadata.Keys.Order());
        Assert.Equal(typeof(string), session.InputMetadata["purpose"].ElementType);
        Assert.Equal(typeof(float), session.InputMetadata["age"].ElementType);
        Assert.Equal(3, session.OutputMetadata.Count);
        Assert.All(session.OutputMetadata.Keys, name => Assert.Contains(ModelTrainer.Outputs, o => name.StartsWith(o, StringComparison.Ordinal)));
    }

    [Fact]
    public void Train_DemoData_OnnxAgreesWithTheRiskDirectionOfTheGeneratingProcess()
    {
        using var session = new InferenceSession(Trained.Value.Onnx);
        var safe = Score(session, utilization: 0.05f, latePayments: 0);
        var risky = Score(session, utilization: 0.95f, latePayments: 4);
        Assert.True(risky > safe + 0.3, $"risky {risky} vs safe {safe}");
    }

    [Fact]
    public void Profile_DemoData_DescribesEveryFeatureWithABoundedSample()
    {
        var profile = Trained.Value.Profile;
        Assert.Equal(20_000, (int)profile["rows"]!);
        var features = profile["features"]!.AsObject();
        Assert.Equal(9, features.Count);
        Assert.Equal("numeric", (string)features["age"]!["type"]!);
        Assert.Equal(5_000, features["age"]!["sample"]!.AsArray().Count);
        Assert.Equal(21, (double)features["age"]!["min"]!);
        Assert.Equal(20, features["income"]!["histogram"]!["counts"]!.AsArray().Count);
        Assert.Equal(20_000, features["income"]!["histogram"]!["counts"]!.AsArray().Sum(c => (int)c!));
        Assert.Equal("categorical", (string)features["home_ownership"]!["type"]!);
        Assert.Equal(3, (int)features["home_ownership"]!["distinct"]!);
        Assert.InRange((double)profile["label"]!["positive_rate"]!, 0.15, 0.25);
    }

    private static float Score(InferenceSession session, float utilization, int latePayments)
    {
        var inputs = new List<NamedOnnxValue>
        {
            Float("age", 40), Float("income", 55_000), Float("employment_years", 5), Float("loan_amount", 15_000),
            Float("credit_utilization", utilization), Float("late_payments_12m", latePayments), Float("debt_to_income", 0.4f),
            NamedOnnxValue.CreateFromTensor("home_ownership", new DenseTensor<string>(new[] { "RENT" }, [1, 1])),
            NamedOnnxValue.CreateFromTensor("purpose", new DenseTensor<string>(new[] { "business" }, [1, 1])),
        };
        using var results = session.Run(inputs);
        return results.First(r => r.Name.StartsWith("Probability", StringComparison.Ordinal)).AsEnumerable<float>().Single();
    }

    private static NamedOnnxValue Float(string name, float value) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(new[] { value }, [1, 1]));
}
