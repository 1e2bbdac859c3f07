using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Model;
using MlOps.ServiceDefaults.Identity;
using Npgsql;

namespace MlOps.Gateway.Authentication;

/// <summary>
/// Key storage and lookup. Lookups are cached so the proxy hot path does not pay a database round trip; a
/// revocation is announced with PostgreSQL NOTIFY (delivered on commit) and every replica evicts the key at once.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource db, IMemoryCache cache, UnknownKeys unknown, IOptions<GatewayOptions> options, TimeProvider time)
{
    private const string IdentityColumns = "SELECT id, tenant_id AS TenantId, name, scopes, expires_at AS ExpiresAt FROM api_keys";

    public async Task<ApiKeyIdentity?> FindActiveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeyHasher.Hash(key);
        var cacheKey = Convert.ToBase64String(hash);
        if (unknown.Contains(cacheKey))
        {
            return null;
        }
        if (!cache.TryGetValue(cacheKey, out ApiKeyIdentity? identity))
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            identity = await connection.QuerySingleOrDefaultAsync<ApiKeyIdentity>(new CommandDefinition(
                $"{IdentityColumns} WHERE key_hash = @hash AND revoked_at IS NULL", new { hash }, cancellationToken: cancellationToken));
            if (identity is null)
            {
                // Remembered apart, so a flood of bad keys costs no database round trips and evicts no good key.
                unknown.Add(cacheKey);
                return null;
            }
            var lifetime = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds), Size = 1 };
            cache.Set(cacheKey, identity, lifetime);
            cache.Set(identity.Id, cacheKey, lifetime);
        }
        return identity is not null && (identity.ExpiresAt is null || identity.ExpiresAt > time.GetUtcNow().UtcDateTime) ? identity : null;
    }

    public async Task<ApiKeyResponse> CreateAsync(string key, string tenantId, string name, string[] scopes, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = await InsertAsync(transaction, key, tenantId, name, scopes, expiresAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        unknown.Forget(Convert.ToBase64String(ApiKeyHasher.Hash(key)));
        return created;
    }

    /// <summary>Stores a key (its hash) in a transaction, so that what belongs to it is stored with it.</summary>
    public static Task<ApiKeyResponse> InsertAsync(NpgsqlTransaction transaction, string key, string tenantId, string name, string[] scopes, DateTime? expiresAt, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleAsync<ApiKeyResponse>(new CommandDefinition(
            """
            INSERT INTO api_keys (id, tenant_id, name, key_hash, key_prefix, scopes, expires_at)
            VALUES (@id, @tenantId, @name, @hash, @prefix, @scopes, @expiresAt)
            RETURNING id, tenant_id AS TenantId, name, key_prefix AS KeyPrefix, scopes, created_at AS CreatedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt
            """,
            new { id = Guid.CreateVersion7(), tenantId, name, hash = ApiKeyHasher.Hash(key), prefix = ApiKeyHasher.DisplayPrefix(key), scopes, expiresAt },
            transaction, cancellationToken: cancellationToken));

    /// <summary>Revokes a key; false when no such active key exists.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var revoked = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL", new { id }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_notify(@channel, @id)", new { channel = RevocationChannel, id = id.ToString() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        Evict(id);
        return revoked == 1;
    }

    public const string RevocationChannel = "mlops_api_key_revoked";

    /// <summary>Forgets a key's cached identity, so its next use is checked against the database.</summary>
    public void Evict(Guid id)
    {
        if (cache.TryGetValue(id, out string? cacheKey) && cacheKey is not null)
        {
            cache.Remove(cacheKey);
        }
    }

    /// <summary>Forgets every cached key, for when revocation notices may have been missed.</summary>
    public void EvictAll() => (cache as MemoryCache)?.Clear();

    public async Task<bool> AnyActiveAdminAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM api_keys WHERE @admin = ANY(scopes) AND revoked_at IS NULL)", new { admin = PlatformScopes.Admin }, cancellationToken: cancellationToken));
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL)", new { hash = ApiKeyHasher.Hash(key) }, cancellationToken: cancellationToken));
    }
}
