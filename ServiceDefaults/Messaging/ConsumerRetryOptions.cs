using System.ComponentModel.DataAnnotations;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>How often and how far apart a failing message is retried before it moves to its dead-letter (_error) queue.</summary>
public sealed class ConsumerRetryOptions
{
    public const string SectionName = "MlOps:Messaging:Retry";

    [Range(0, 100)]
    public int Limit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromMilliseconds(500);
}
