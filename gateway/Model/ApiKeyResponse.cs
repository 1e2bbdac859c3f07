namespace MlOps.Gateway.Model;

/// <summary>A key as listed: never the secret, only its first characters to recognise it.</summary>
public sealed record ApiKeyResponse
{
    public const string SelectFrom =
        "SELECT id, tenant_id AS TenantId, name, key_prefix AS KeyPrefix, scopes, created_at AS CreatedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt FROM api_keys";

    public required Guid Id { get; init; }
    public required string TenantId { get; init; }
    public required string Name { get; init; }
    public required string KeyPrefix { get; init; }
    public required string[] Scopes { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; init; }
}
