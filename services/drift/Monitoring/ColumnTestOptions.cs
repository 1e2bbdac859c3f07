namespace MlOps.Drift.Monitoring;

/// <summary>Monitoring override for one column (a feature name, or "prediction"): the tests to run, the first deciding, and its threshold.</summary>
public sealed class ColumnTestOptions
{
    public List<string> StatTests { get; set; } = [];

    public double? Threshold { get; set; }
}
