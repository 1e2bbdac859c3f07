namespace MlOps.Contracts;

/// <summary>Common envelope fields every integration event and command carries.</summary>
public abstract record IntegrationMessage
{
    /// <summary>Unique id; the outbox uses it as the broker message id and the inbox deduplicates on it.</summary>
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>When the fact happened or the command was issued.</summary>
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Ties together every message caused by one original request.</summary>
    public Guid CorrelationId { get; init; } = Guid.NewGuid();

    /// <summary>The tenant the message belongs to.</summary>
    public required string TenantId { get; init; }
}
