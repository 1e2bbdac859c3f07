using System.Text.Json.Serialization;

namespace MlOps.Drift.Compare;

/// <summary>Statistic, and p-value or degrees of freedom where the test has them.</summary>
public sealed record TestResultResponse(
    [property: JsonPropertyName("statistic")] double Statistic,
    [property: JsonPropertyName("pvalue"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PValue,
    [property: JsonPropertyName("dof"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Dof);
