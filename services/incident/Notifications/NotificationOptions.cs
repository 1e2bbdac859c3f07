using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Notifications;

/// <summary>MlOps:Incident:Notifications: how the dispatcher polls, retries and gives up.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "MlOps:Incident:Notifications";

    /// <summary>The fallback poll; a NOTIFY at commit wakes the dispatcher sooner.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The delay after the first failed attempt; it doubles with each further one, up to an hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;
}
