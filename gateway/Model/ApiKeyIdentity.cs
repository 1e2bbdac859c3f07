namespace MlOps.Gateway.Model;

/// <summary>What an authenticated key grants: who it belongs to and what it may do.</summary>
public sealed record ApiKeyIdentity
{
    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required string Name { get; init; }
    public required string[] Scopes { get; init; }
    public DateTime? ExpiresAt { get; init; }
}
