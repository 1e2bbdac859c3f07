using Dapper;
using MlOps.Inference.Serving;
using Npgsql;

namespace MlOps.Inference.Loading;

/// <summary>The deployments and traffic tables: what each model should serve, shared by every replica and announced with NOTIFY.</summary>
public sealed class DeploymentStore(NpgsqlDataSource db)
{
    public const string Channel = "mlops_deployment_changed";

    /// <summary>Records an alias move unless a newer one is already recorded; notifies every replica.</summary>
    public async Task SetAliasAsync(ModelKey key, string alias, int? version, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sql = version is null
            ? "DELETE FROM deployments WHERE tenant_id = @tenant AND model_name = @model AND alias = @alias AND changed_at <= @changedAt"
            : """
              INSERT INTO deployments (id, tenant_id, model_name, alias, version, changed_at) VALUES (@id, @tenant, @model, @alias, @version, @changedAt)
              ON CONFLICT (tenant_id, model_name, alias) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at, updated_at = now()
                  WHERE deployments.changed_at <= excluded.changed_at
              """;
        await connection.ExecuteAsync(new CommandDefinition(sql,
            new { id = Guid.CreateVersion7(), tenant = key.Tenant, model = key.Model, alias, version, changedAt = changedAt.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        await NotifyAsync(connection, transaction, key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SetTrafficAsync(ModelKey key, TrafficSplit traffic, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SetTrafficAsync(transaction, key, traffic, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Sets the split inside the caller's transaction (a canary decision and its traffic commit together); notifies on commit.</summary>
    public static async Task SetTrafficAsync(NpgsqlTransaction transaction, ModelKey key, TrafficSplit traffic, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO model_traffic (tenant_id, model_name, canary_percent, shadow) VALUES (@tenant, @model, @canary, @shadow)
            ON CONFLICT (tenant_id, model_name) DO UPDATE SET canary_percent = excluded.canary_percent, shadow = excluded.shadow, updated_at = now()
            """, new { tenant = key.Tenant, model = key.Model, canary = traffic.CanaryPercent, shadow = traffic.Shadow }, transaction, cancellationToken: cancellationToken));
        await NotifyAsync(connection, transaction, key, cancellationToken);
    }

    public async Task<(IReadOnlyDictionary<string, int> Aliases, TrafficSplit Traffic)> ReadAsync(ModelKey key, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var aliases = await connection.QueryAsync<(string Alias, int Version)>(new CommandDefinition(
            "SELECT alias, version FROM deployments WHERE tenant_id = @tenant AND model_name = @model",
            new { tenant = key.Tenant, model = key.Model }, cancellationToken: cancellationToken));
        var traffic = await connection.QuerySingleOrDefaultAsync<(double Canary, bool Shadow)?>(new CommandDefinition(
            "SELECT canary_percent, shadow FROM model_traffic WHERE tenant_id = @tenant AND model_name = @model",
            new { tenant = key.Tenant, model = key.Model }, cancellationToken: cancellationToken));
        return (aliases.ToDictionary(a => a.Alias, a => a.Version), traffic is { } t ? new TrafficSplit(t.Canary, t.Shadow) : TrafficSplit.ChampionOnly);
    }

    public async Task<IReadOnlyList<ModelKey>> AllModelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Tenant, string Model)>(new CommandDefinition(
            "SELECT DISTINCT tenant_id, model_name FROM deployments", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ModelKey(r.Tenant, r.Model))];
    }

    private static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ModelKey key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @payload)", new { channel = Channel, payload = key.ToString() }, transaction, cancellationToken: cancellationToken));
}
