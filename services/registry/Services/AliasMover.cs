using Dapper;
using MlOps.Contracts;
using MlOps.Registry.Model;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Registry.Services;

/// <summary>Moves or removes an alias under the model's row lock, with optimistic concurrency on the alias revision.</summary>
public sealed class AliasMover(NpgsqlDataSource db, OutboxWriter outbox)
{
    public async Task<AliasMove> MoveAsync(string tenant, string model, string alias, int? version, long? expectedRevision, RegistryCaller caller, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await transaction.LockModelAsync(tenant, model, cancellationToken) is not { } modelId)
        {
            return AliasMove.Failed(AliasMoveOutcome.ModelNotFound);
        }
        if (version is { } wanted && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM model_versions WHERE model_id = @modelId AND version = @wanted AND status = 'ready')",
                new { modelId, wanted }, transaction, cancellationToken: cancellationToken)))
        {
            return AliasMove.Failed(AliasMoveOutcome.VersionNotFound);
        }
        var current = await connection.QuerySingleOrDefaultAsync<(int Version, long Revision)?>(new CommandDefinition(
            "SELECT version, revision FROM model_aliases WHERE model_id = @modelId AND alias = @alias", new { modelId, alias }, transaction, cancellationToken: cancellationToken));
        if (expectedRevision is { } expected && current?.Revision != expected)
        {
            return AliasMove.Failed(AliasMoveOutcome.RevisionMismatch, current?.Revision);
        }
        if (version is null && current is null)
        {
            return AliasMove.Failed(AliasMoveOutcome.AliasNotFound);
        }
        if (current is { } unchanged && version == unchanged.Version)
        {
            return new AliasMove(AliasMoveOutcome.Unchanged, new AliasResponse(model, alias, unchanged.Version, unchanged.Revision));
        }

        var revision = (current?.Revision ?? 0) + 1;
        var sql = version is null
            ? "DELETE FROM model_aliases WHERE model_id = @modelId AND alias = @alias"
            : """
              INSERT INTO model_aliases (model_id, alias, version, revision) VALUES (@modelId, @alias, @version, @revision)
              ON CONFLICT (model_id, alias) DO UPDATE SET version = @version, revision = @revision, updated_at = now()
              """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new { modelId, alias, version, revision }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, tenant, caller, version is null ? "alias.removed" : "alias.moved", $"model:{model}/alias:{alias}",
            current is null ? null : new { current.Value.Version }, version is null ? null : new { version }, cancellationToken);
        await outbox.EnqueueAsync(transaction, new ModelAliasChanged { TenantId = tenant, ModelName = model, Alias = alias, OldVersion = current?.Version, NewVersion = version }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AliasMove(version is null ? AliasMoveOutcome.Removed : AliasMoveOutcome.Moved, version is null ? null : new AliasResponse(model, alias, version.Value, revision));
    }
}
