namespace MlOps.Inference.Jobs;

/// <summary>What a batch job does with a row it cannot read (?onRowError=): fail the job naming the row, or skip and list it.</summary>
public static class RowErrorModes
{
    public const string Fail = "fail";
    public const string Skip = "skip";

    /// <summary>Fail when absent; null when the value is neither mode.</summary>
    public static string? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or Fail => Fail,
        Skip => Skip,
        _ => null,
    };
}
