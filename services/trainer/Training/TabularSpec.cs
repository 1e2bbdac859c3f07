namespace MlOps.Trainer.Training;

/// <summary>What a tabular binary-classification dataset looks like: numeric and categorical features and a 0/1 label.</summary>
public sealed record TabularSpec(IReadOnlyList<string> NumericFeatures, IReadOnlyList<string> CategoricalFeatures, string Label)
{
    public IEnumerable<string> Features => NumericFeatures.Concat(CategoricalFeatures);

    public static TabularSpec CreditDefault { get; } = new(
        ["age", "income", "employment_years", "loan_amount", "credit_utilization", "late_payments_12m", "debt_to_income"],
        ["home_ownership", "purpose"],
        "defaulted");
}
