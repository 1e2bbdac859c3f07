using System.Text.Json;
using Dapper;
using MlOps.Contracts;
using MlOps.Registry.Model;
using MlOps.Registry.Webhooks;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Registry.Services;

/// <summary>
/// Moves, removes and rolls back aliases under the model's row lock, with optimistic concurrency on the alias revision;
/// moving champion runs the model's promotion gate and readiness checks (an admin's override passes failures, audited).
/// Each move is audited, kept in the alias history and published as ModelAliasChanged, all in one transaction (the
/// caller's, for the rollback consumer).
/// </summary>
public sealed class AliasMover(NpgsqlDataSource db, OutboxWriter outbox, PromotionGate gate)
{
    public const string Champion = "champion";

    public async Task<AliasMove> MoveAsync(string tenant, string model, string alias, int? version, long? expectedRevision, GateOverride? gateOverride,
        RegistryCaller caller, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await transaction.LockModelAsync(tenant, model, cancellationToken) is not { } modelId)
        {
            return AliasMove.Failed(AliasMoveOutcome.ModelNotFound);
        }
        var target = version is { } wanted ? await db.FindVersionAsync(tenant, model, wanted, cancellationToken) : null;
        if (version is not null && target is not { Status: "ready" })
        {
            return AliasMove.Failed(AliasMoveOutcome.VersionNotFound);
        }
        var current = await CurrentAsync(transaction, modelId, alias, cancellationToken);
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
        IReadOnlyList<GateCheck> checks = [];
        IReadOnlyList<string> exempted = [];
        if (alias == Champion && target is not null)
        {
            (checks, exempted) = await EvaluateGateAsync(transaction, tenant, model, modelId, target, current?.Version, cancellationToken);
            if (checks.Any(c => !c.Passed) && gateOverride is null)
            {
                return new AliasMove(AliasMoveOutcome.GateFailed, null, current?.Revision, checks);
            }
        }
        var gatePassed = checks.All(c => c.Passed);
        var action = version is null ? "alias.removed" : gatePassed ? "alias.moved" : "alias.moved.gate_overridden";
        // Who overrode is the audit entry's key; what was skipped and why sit beside the checks.
        var overridden = gatePassed ? null : new { gateOverride!.Reason, Skipped = checks.Where(c => !c.Passed).Select(c => c.Check).ToList() };
        if (exempted.Count > 0)
        {
            await AuditLog.WriteAsync(transaction, tenant, caller, "gate.exempted", $"model:{model}/version:{version}", null,
                new { version, exempted, reason = "the model's first champion has no earlier version to load-test against or roll back to" }, cancellationToken);
        }
        var moved = await ApplyAsync(transaction, tenant, model, modelId, alias, current, version, gatePassed, overridden, action, checks, caller, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }

    /// <summary>
    /// Moves champion back to the last version that held it and passed its gate. With <paramref name="fromVersion"/>,
    /// only when champion is still that version, so a repeated request changes nothing.
    /// </summary>
    public async Task<AliasMove> RollbackAsync(NpgsqlTransaction transaction, string tenant, string model, int? fromVersion, string reason, RegistryCaller caller, CancellationToken cancellationToken)
    {
        if (await transaction.LockModelAsync(tenant, model, cancellationToken) is not { } modelId)
        {
            return AliasMove.Failed(AliasMoveOutcome.ModelNotFound);
        }
        var current = await CurrentAsync(transaction, modelId, Champion, cancellationToken);
        if (current is not { } champion)
        {
            return AliasMove.Failed(AliasMoveOutcome.AliasNotFound);
        }
        if (fromVersion is { } from && from != champion.Version)
        {
            return new AliasMove(AliasMoveOutcome.Unchanged, new AliasResponse(model, Champion, champion.Version, champion.Revision));
        }
        var target = await transaction.Connection!.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            """
            SELECT version FROM alias_history
            WHERE model_id = @modelId AND alias = @alias AND gate_passed AND version IS NOT NULL AND version <> @current
            ORDER BY id DESC LIMIT 1
            """, new { modelId, alias = Champion, current = champion.Version }, transaction, cancellationToken: cancellationToken));
        if (target is not { } previous)
        {
            return AliasMove.Failed(AliasMoveOutcome.NoRollbackTarget, champion.Revision);
        }
        return await ApplyAsync(transaction, tenant, model, modelId, Champion, current, previous, gatePassed: true, overridden: null,
            "alias.rolled_back", [new GateCheck("rollback", true, reason)], caller, cancellationToken);
    }

    private async Task<(IReadOnlyList<GateCheck> Checks, IReadOnlyList<string> Exempted)> EvaluateGateAsync(NpgsqlTransaction transaction, string tenant,
        string model, Guid modelId, ModelVersionRow candidate, int? championVersion, CancellationToken cancellationToken)
    {
        var policyJson = await transaction.Connection!.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT policy::text FROM promotion_policies WHERE model_id = @modelId", new { modelId }, transaction, cancellationToken: cancellationToken));
        // Readiness is on by default: a model without a stored policy gets the default one, not an open gate.
        var policy = policyJson is null ? PromotionPolicy.Default : JsonSerializer.Deserialize<PromotionPolicy>(policyJson, JsonSerializerOptions.Web)!;
        var championRow = championVersion is { } v ? await db.FindVersionAsync(tenant, model, v, cancellationToken) : null;
        var checks = await gate.EvaluateAsync(policy, candidate, championRow, cancellationToken);
        var readiness = await ReadinessGate.EvaluateAsync(transaction, modelId, policy, candidate, cancellationToken);
        return ([.. checks, .. readiness.Checks], readiness.Exempted);
    }

    private static Task<(int Version, long Revision)?> CurrentAsync(NpgsqlTransaction transaction, Guid modelId, string alias, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<(int Version, long Revision)?>(new CommandDefinition(
            "SELECT version, revision FROM model_aliases WHERE model_id = @modelId AND alias = @alias", new { modelId, alias }, transaction, cancellationToken: cancellationToken));

    private async Task<AliasMove> ApplyAsync(NpgsqlTransaction transaction, string tenant, string model, Guid modelId, string alias, (int Version, long Revision)? current,
        int? version, bool gatePassed, object? overridden, string action, IReadOnlyList<GateCheck> checks, RegistryCaller caller, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var revision = (current?.Revision ?? 0) + 1;
        var sql = version is null
            ? "DELETE FROM model_aliases WHERE model_id = @modelId AND alias = @alias"
            : """
              INSERT INTO model_aliases (model_id, alias, version, revision) VALUES (@modelId, @alias, @version, @revision)
              ON CONFLICT (model_id, alias) DO UPDATE SET version = @version, revision = @revision, updated_at = now()
              """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new { modelId, alias, version, revision }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alias_history (id, model_id, alias, version, gate_passed, overridden) VALUES (@id, @modelId, @alias, @version, @gatePassed, @overridden)",
            new { id = Guid.CreateVersion7(), modelId, alias, version, gatePassed, overridden = overridden is not null }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, tenant, caller, action, $"model:{model}/alias:{alias}",
            current is null ? null : new { current.Value.Version }, overridden is null ? (object)new { version, checks } : new { version, checks, @override = overridden },
            cancellationToken);
        var changed = new ModelAliasChanged { TenantId = tenant, ModelName = model, Alias = alias, OldVersion = current?.Version, NewVersion = version };
        await outbox.EnqueueAsync(transaction, changed, cancellationToken);
        await WebhookEvents.QueueAsync(transaction, WebhookEvents.AliasChanged, changed, cancellationToken);
        return new AliasMove(version is null ? AliasMoveOutcome.Removed : AliasMoveOutcome.Moved, version is null ? null : new AliasResponse(model, alias, version.Value, revision), null, checks);
    }
}
