using System.ComponentModel.DataAnnotations;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>
/// How many messages each consumer endpoint takes ahead from the broker (prefetch: unacknowledged, held in memory) and how
/// many it handles at once, bound from MlOps:Messaging:Consumers; per endpoint under Endpoints:&lt;endpoint name&gt;.
/// </summary>
public sealed class ConsumerLimitsOptions
{
    public const string SectionName = "MlOps:Messaging:Consumers";

    /// <summary>Messages a replica holds unacknowledged per endpoint; the rest wait on the queue for any replica.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 16;

    /// <summary>Messages a replica handles at once per endpoint (each holds a database connection while it runs).</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>By endpoint name without the endpoint prefix (kebab-case, e.g. record-predictions): limits replacing the defaults.</summary>
    public Dictionary<string, ConsumerLimit> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The limits of the endpoint with this queue name (the prefix, if any, included).</summary>
    public (int PrefetchCount, int ConcurrentMessageLimit) For(string queueName, string? prefix)
    {
        var name = !string.IsNullOrEmpty(prefix) && queueName.StartsWith(prefix + "-", StringComparison.Ordinal) ? queueName[(prefix.Length + 1)..] : queueName;
        var own = Endpoints.GetValueOrDefault(name);
        return (own?.PrefetchCount ?? PrefetchCount, own?.ConcurrentMessageLimit ?? ConcurrentMessageLimit);
    }

    /// <summary>Every limit within its range, and no endpoint handling more at once than it takes ahead.</summary>
    public bool IsValid() => Endpoints.Values.All(e => e.PrefetchCount is null or (>= 1 and <= 1000) && e.ConcurrentMessageLimit is null or (>= 1 and <= 256))
        && Endpoints.Keys.Append("").All(name => For(name, null) is var (prefetch, concurrent) && concurrent <= prefetch);
}
