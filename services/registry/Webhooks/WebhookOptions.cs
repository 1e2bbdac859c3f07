using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Webhooks;

/// <summary>How deliveries are retried; bound from MlOps:Registry:Webhooks.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "MlOps:Registry:Webhooks";

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; doubles with each further one, up to an hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
