namespace MlOps.Contracts;

/// <summary>incident resolved an incident.</summary>
public sealed record IncidentResolved : IntegrationMessage
{
    /// <summary>The incident.</summary>
    public required Guid IncidentId { get; init; }
    /// <summary>How it was resolved.</summary>
    public required string Resolution { get; init; }
}
