using System.ComponentModel.DataAnnotations;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>How the outbox relay polls, batches and retries.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "MlOps:Outbox";

    /// <summary>False stops relaying (rows stay pending), e.g. while the broker is under maintenance.</summary>
    public bool RelayEnabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Wait after the first failed publish; it doubles with each further failure up to MaxRetryDelay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);
}
