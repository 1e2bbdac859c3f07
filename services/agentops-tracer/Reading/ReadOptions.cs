using System.ComponentModel.DataAnnotations;

namespace MlOps.AgentOpsTracer.Reading;

/// <summary>Bounds of the searches over stored spans, bound from MlOps:Tracer:Reading.</summary>
public sealed class ReadOptions
{
    public const string SectionName = "MlOps:Tracer:Reading";

    /// <summary>The time range searched when the caller names none (ending now).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00")]
    public TimeSpan DefaultRange { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The widest time range one search may cover.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3660.00:00:00")]
    public TimeSpan MaxRange { get; set; } = TimeSpan.FromDays(31);

    /// <summary>How long one search may run in PostgreSQL before it is cancelled and the caller asked to narrow it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Spans in one replay; a longer session is answered in part, with Truncated set.</summary>
    [Range(1, 1_000_000)]
    public int MaxReplaySteps { get; set; } = 20_000;

    /// <summary>Agents in one GET /agents (and its largest limit); more are answered in part, with Truncated set.</summary>
    [Range(1, 100_000)]
    public int MaxAgents { get; set; } = 1_000;

    /// <summary>Rows (day, agent, model) in one GET /usage (and its largest limit); more are answered in part, with Truncated set.</summary>
    [Range(1, 1_000_000)]
    public int MaxUsageRows { get; set; } = 10_000;
}
