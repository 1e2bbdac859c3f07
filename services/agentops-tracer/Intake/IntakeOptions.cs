using System.ComponentModel.DataAnnotations;

namespace MlOps.AgentOpsTracer.Intake;

public sealed class IntakeOptions
{
    public const string SectionName = "MlOps:Tracer:Intake";

    /// <summary>The request body as sent (compressed or not).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The body after gzip: a small bomb must not become gigabytes.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>One span's attributes as stored JSON; what does not fit is dropped and counted.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxAttributesBytes { get; set; } = 64 * 1024;

    /// <summary>One string attribute value; longer ones are cut.</summary>
    [Range(64, int.MaxValue)]
    public int MaxAttributeValueChars { get; set; } = 16 * 1024;

    /// <summary>Batches written at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrentWrites { get; set; } = 2;

    /// <summary>Batches waiting for a writer; past it the answer is 503 with Retry-After.</summary>
    [Range(0, 10_000)]
    public int MaxQueuedWrites { get; set; } = 16;

    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>How far in the future a span may start before its clock is called absurd.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromDays(1);
}
