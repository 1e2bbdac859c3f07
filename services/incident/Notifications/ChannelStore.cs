using Dapper;
using MlOps.ServiceDefaults.Outbound;
using Npgsql;

namespace MlOps.Incident.Notifications;

/// <summary>A tenant's notification channels, at most <see cref="MaxChannelsPerTenant"/>.</summary>
public sealed class ChannelStore(NpgsqlDataSource db)
{
    public const int MaxChannelsPerTenant = 50;

    private const string Columns = "name, type, url, routing_key AS RoutingKey, secret, created_at AS CreatedAt, updated_at AS UpdatedAt";

    /// <summary>Creates or replaces a channel; null when the tenant has the most channels allowed and this one is new.</summary>
    public async Task<ChannelPut?> PutAsync(string tenant, string name, ChannelRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One writer per tenant at a time, so the count and the insert agree.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('notification_channels:' || @tenant, 0))",
            new { tenant }, transaction, cancellationToken: cancellationToken));
        var (count, exists) = await connection.QuerySingleAsync<(int Count, bool Exists)>(new CommandDefinition(
            "SELECT count(*)::int, coalesce(bool_or(name = @name), false) FROM notification_channels WHERE tenant_id = @tenant",
            new { tenant, name }, transaction, cancellationToken: cancellationToken));
        if (!exists && count >= MaxChannelsPerTenant)
        {
            return null;
        }
        var secret = request.Type == ChannelTypes.Webhook ? WebhookSignature.NewSecret() : null;
        // A webhook keeps its secret across updates; the new one is kept (and shown) only when there was none.
        var stored = await connection.QuerySingleAsync<Channel>(new CommandDefinition($"""
            INSERT INTO notification_channels AS c (tenant_id, name, type, url, routing_key, secret)
            VALUES (@tenant, @name, @type, @url, @routingKey, @secret)
            ON CONFLICT (tenant_id, name) DO UPDATE SET type = EXCLUDED.type, url = EXCLUDED.url, routing_key = EXCLUDED.routing_key,
                secret = CASE WHEN EXCLUDED.type = 'webhook' THEN coalesce(c.secret, EXCLUDED.secret) END, updated_at = now()
            RETURNING {Columns}
            """, new { tenant, name, type = request.Type, url = request.Url, routingKey = request.RoutingKey, secret }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ChannelPut(stored, !exists, secret is not null && stored.Secret == secret ? secret : null);
    }

    public async Task<IReadOnlyList<Channel>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Channel>(new CommandDefinition(
            $"SELECT {Columns} FROM notification_channels WHERE tenant_id = @tenant ORDER BY name", new { tenant },
            cancellationToken: cancellationToken))).AsList();
    }

    public async Task<Channel?> GetAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Channel>(new CommandDefinition(
            $"SELECT {Columns} FROM notification_channels WHERE tenant_id = @tenant AND name = @name", new { tenant, name },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM notification_channels WHERE tenant_id = @tenant AND name = @name", new { tenant, name },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The index of the first name that is not one of the tenant's channels, or null when all are.</summary>
    public async Task<int?> FirstMissingAsync(string tenant, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return null;
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var known = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM notification_channels WHERE tenant_id = @tenant AND name = ANY(@names)", new { tenant, names = names.ToArray() },
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!known.Contains(names[i]))
            {
                return i;
            }
        }
        return null;
    }
}

/// <summary>A stored channel, whether the PUT created it, and the webhook secret it generated (shown once).</summary>
public sealed record ChannelPut(Channel Channel, bool Created, string? NewSecret);
