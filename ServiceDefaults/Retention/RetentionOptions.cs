using System.ComponentModel.DataAnnotations;

namespace MlOps.ServiceDefaults.Retention;

/// <summary>How often old rows are pruned and how long each kind is kept, bound from MlOps:Retention.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "MlOps:Retention";

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so a large backlog is pruned without one long lock.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Ages by rule name (predictions, inbox, batch-jobs, webhook-deliveries, quota-windows, ...), overriding the defaults.</summary>
    public Dictionary<string, TimeSpan> Ages { get; set; } = [];
}
