using System.Text.Json;
using Dapper;
using Npgsql;

namespace MlOps.Incident.Rules;

/// <summary>A tenant's alert rules, versioned: a PUT adds a version, a DELETE adds an empty one.</summary>
public sealed class RuleStore(NpgsqlDataSource db)
{
    public const int MaxRulesPerTenant = 200;

    private const string Current = """
        SELECT DISTINCT ON (name) name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
        FROM alert_rules WHERE tenant_id = @tenant ORDER BY name, version DESC
        """;

    /// <summary>Stores a new version; null when the tenant already has the most rules allowed and this is a new one.</summary>
    public async Task<RuleVersion?> PutAsync(string tenant, AlertRule rule, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One writer per tenant at a time, so the version number and the rule count are read and written consistently.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('alert_rules:' || @tenant, 0))",
            new { tenant }, transaction, cancellationToken: cancellationToken));
        var live = (await connection.QueryAsync<RuleVersion>(new CommandDefinition(Current, new { tenant }, transaction, cancellationToken: cancellationToken)))
            .Where(r => r.Definition is not null).ToList();
        if (live.Count >= MaxRulesPerTenant && live.All(r => r.Name != rule.Name))
        {
            return null;
        }
        var stored = await connection.QuerySingleAsync<RuleVersion>(new CommandDefinition("""
            INSERT INTO alert_rules (tenant_id, name, version, definition, created_by)
            SELECT @tenant, @name, coalesce(max(version), 0) + 1, @definition::jsonb, @actor FROM alert_rules WHERE tenant_id = @tenant AND name = @name
            RETURNING name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
            """, new { tenant, name = rule.Name, definition = JsonSerializer.Serialize(rule, JsonSerializerOptions.Web), actor }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Marks a rule deleted (a version without a definition); false when it has no live version.</summary>
    public async Task<bool> DeleteAsync(string tenant, string name, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO alert_rules (tenant_id, name, version, definition, created_by)
            SELECT tenant_id, name, version + 1, NULL, @actor FROM alert_rules
            WHERE tenant_id = @tenant AND name = @name AND definition IS NOT NULL
              AND version = (SELECT max(version) FROM alert_rules WHERE tenant_id = @tenant AND name = @name)
            ON CONFLICT DO NOTHING
            """, new { tenant, name, actor }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The tenant's live rules, each at its latest version.</summary>
    public async Task<IReadOnlyList<RuleVersion>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RuleVersion>(new CommandDefinition(Current, new { tenant }, cancellationToken: cancellationToken)))
            .Where(r => r.Definition is not null).ToList();
    }

    /// <summary>Every version of one rule, newest first (deletions included, without a definition).</summary>
    public async Task<IReadOnlyList<RuleVersion>> VersionsAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RuleVersion>(new CommandDefinition("""
            SELECT name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
            FROM alert_rules WHERE tenant_id = @tenant AND name = @name ORDER BY version DESC
            """, new { tenant, name }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The live rules as the engine reads them, inside the alert's own transaction.</summary>
    public static async Task<IReadOnlyList<(AlertRule Rule, int Version)>> LiveAsync(NpgsqlTransaction transaction, string tenant, CancellationToken cancellationToken) =>
        (await transaction.Connection!.QueryAsync<RuleVersion>(new CommandDefinition(Current, new { tenant }, transaction, cancellationToken: cancellationToken)))
            .Where(r => r.Definition is not null)
            .Select(r => (r.Rule!, r.Version))
            .ToList();
}

/// <summary>One stored version of a rule.</summary>
public sealed record RuleVersion(string Name, int Version, string? Definition, string CreatedBy, DateTime CreatedAt)
{
    public AlertRule? Rule => Definition is null ? null : JsonSerializer.Deserialize<AlertRule>(Definition, JsonSerializerOptions.Web);
}
