using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MlOps.FeatureStore.Definitions;

/// <summary>
/// Named JSON definitions per tenant and kind, versioned: a PUT adds a version, a DELETE adds one without a definition,
/// and every version stays listed.
/// </summary>
public sealed class DefinitionStore(NpgsqlDataSource db, IOptions<FeatureStoreOptions> options)
{
    private const string Current = """
        SELECT DISTINCT ON (name) name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
        FROM definitions WHERE tenant_id = @tenant AND kind = @kind ORDER BY name, version DESC
        """;

    public int MaxPerKind => options.Value.MaxDefinitionsPerKind;

    /// <summary>Stores a new version; null when the tenant already has the most allowed and this is a new name.</summary>
    public async Task<DefinitionVersion?> PutAsync<T>(string tenant, string kind, string name, T definition, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One writer per tenant and kind at a time, so the version number and the count are read and written consistently.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@lock, 0))",
            new { @lock = "definitions:" + kind + ":" + tenant }, transaction, cancellationToken: cancellationToken));
        var live = await LiveAsync(connection, transaction, tenant, kind, cancellationToken);
        if (live.Count >= MaxPerKind && live.All(r => r.Name != name))
        {
            return null;
        }
        var stored = await connection.QuerySingleAsync<DefinitionVersion>(new CommandDefinition("""
            INSERT INTO definitions (tenant_id, kind, name, version, definition, created_by)
            SELECT @tenant, @kind, @name, coalesce(max(version), 0) + 1, @definition::jsonb, @actor
            FROM definitions WHERE tenant_id = @tenant AND kind = @kind AND name = @name
            RETURNING name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
            """, new { tenant, kind, name, definition = JsonSerializer.Serialize(definition, JsonSerializerOptions.Web), actor }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Marks a definition deleted (a version without one); false when it has no live version.</summary>
    public async Task<bool> DeleteAsync(string tenant, string kind, string name, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO definitions (tenant_id, kind, name, version, definition, created_by)
            SELECT tenant_id, kind, name, version + 1, NULL, @actor FROM definitions
            WHERE tenant_id = @tenant AND kind = @kind AND name = @name AND definition IS NOT NULL
              AND version = (SELECT max(version) FROM definitions WHERE tenant_id = @tenant AND kind = @kind AND name = @name)
            ON CONFLICT DO NOTHING
            """, new { tenant, kind, name, actor }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The tenant's live definitions of a kind, each at its latest version.</summary>
    public async Task<IReadOnlyList<DefinitionVersion>> ListAsync(string tenant, string kind, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await LiveAsync(connection, null, tenant, kind, cancellationToken);
    }

    /// <summary>The live version of one name, or null.</summary>
    public async Task<DefinitionVersion?> GetAsync(string tenant, string kind, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DefinitionVersion>(new CommandDefinition("""
            SELECT name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
            FROM definitions WHERE tenant_id = @tenant AND kind = @kind AND name = @name AND definition IS NOT NULL
              AND version = (SELECT max(version) FROM definitions WHERE tenant_id = @tenant AND kind = @kind AND name = @name)
            """, new { tenant, kind, name }, cancellationToken: cancellationToken));
    }

    /// <summary>The live definition of one name, deserialized, or null.</summary>
    public async Task<T?> GetDefinitionAsync<T>(string tenant, string kind, string name, CancellationToken cancellationToken) where T : class =>
        (await GetAsync(tenant, kind, name, cancellationToken))?.As<T>();

    /// <summary>Every version of one name, newest first (deletions included, without a definition).</summary>
    public async Task<IReadOnlyList<DefinitionVersion>> VersionsAsync(string tenant, string kind, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DefinitionVersion>(new CommandDefinition("""
            SELECT name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
            FROM definitions WHERE tenant_id = @tenant AND kind = @kind AND name = @name ORDER BY version DESC
            """, new { tenant, kind, name }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Every tenant with a live feature view (the schedule materializes each).</summary>
    public async Task<IReadOnlyList<string>> TenantsWithViewsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT DISTINCT tenant_id FROM definitions d WHERE kind = 'feature_view' AND definition IS NOT NULL
              AND version = (SELECT max(version) FROM definitions m WHERE m.tenant_id = d.tenant_id AND m.kind = d.kind AND m.name = d.name)
            """, cancellationToken: cancellationToken))).ToList();
    }

    private static async Task<IReadOnlyList<DefinitionVersion>> LiveAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenant,
        string kind, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<DefinitionVersion>(new CommandDefinition(Current, new { tenant, kind }, transaction, cancellationToken: cancellationToken)))
            .Where(r => r.Definition is not null).ToList();
}
