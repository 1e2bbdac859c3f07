using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;

namespace MlOps.Incident.Definitions;

/// <summary>
/// Named JSON definitions per tenant (rules, runbooks), versioned: a PUT adds a version, a DELETE adds one without a
/// definition, and every version stays listed.
/// </summary>
public abstract class VersionedStore(NpgsqlDataSource db, string table, int maxPerTenant)
{
    public int MaxPerTenant => maxPerTenant;

    private string Current => $"""
        SELECT DISTINCT ON (name) name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
        FROM {table} WHERE tenant_id = @tenant ORDER BY name, version DESC
        """;

    /// <summary>Stores a new version; null when the tenant already has the most allowed and this is a new name.</summary>
    public async Task<DefinitionVersion?> PutAsync<T>(string tenant, string name, T definition, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One writer per tenant and table at a time, so the version number and the count are read and written consistently.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@lock, 0))",
            new { @lock = table + ":" + tenant }, transaction, cancellationToken: cancellationToken));
        var live = await LiveVersionsAsync(connection, transaction, tenant, cancellationToken);
        if (live.Count >= maxPerTenant && live.All(r => r.Name != name))
        {
            return null;
        }
        var stored = await connection.QuerySingleAsync<DefinitionVersion>(new CommandDefinition($"""
            INSERT INTO {table} (tenant_id, name, version, definition, created_by)
            SELECT @tenant, @name, coalesce(max(version), 0) + 1, @definition::jsonb, @actor FROM {table} WHERE tenant_id = @tenant AND name = @name
            RETURNING name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
            """, new { tenant, name, definition = JsonSerializer.Serialize(definition, JsonSerializerOptions.Web), actor }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Marks a definition deleted (a version without one); false when it has no live version.</summary>
    public async Task<bool> DeleteAsync(string tenant, string name, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO {table} (tenant_id, name, version, definition, created_by)
            SELECT tenant_id, name, version + 1, NULL, @actor FROM {table}
            WHERE tenant_id = @tenant AND name = @name AND definition IS NOT NULL
              AND version = (SELECT max(version) FROM {table} WHERE tenant_id = @tenant AND name = @name)
            ON CONFLICT DO NOTHING
            """, new { tenant, name, actor }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The tenant's live definitions, each at its latest version.</summary>
    public async Task<IReadOnlyList<DefinitionVersion>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await LiveVersionsAsync(connection, null, tenant, cancellationToken);
    }

    /// <summary>The live version of one name, or null.</summary>
    public async Task<DefinitionVersion?> GetAsync(string tenant, string name, CancellationToken cancellationToken) =>
        (await ListAsync(tenant, cancellationToken)).FirstOrDefault(d => d.Name == name);

    /// <summary>Every version of one name, newest first (deletions included, without a definition).</summary>
    public async Task<IReadOnlyList<DefinitionVersion>> VersionsAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DefinitionVersion>(new CommandDefinition($"""
            SELECT name, version, definition::text AS definition, created_by AS createdBy, created_at AS createdAt
            FROM {table} WHERE tenant_id = @tenant AND name = @name ORDER BY version DESC
            """, new { tenant, name }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Stores a shipped definition as the name's first version, in the caller's transaction, unless the tenant ever had that name.</summary>
    public Task SeedAsync<T>(NpgsqlTransaction transaction, string tenant, string name, T definition, string actor, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO {table} (tenant_id, name, version, definition, created_by)
            SELECT @tenant, @name, 1, @definition::jsonb, @actor WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE tenant_id = @tenant AND name = @name)
            ON CONFLICT DO NOTHING
            """, new { tenant, name, definition = JsonSerializer.Serialize(definition, JsonSerializerOptions.Web), actor }, transaction,
            cancellationToken: cancellationToken));

    /// <summary>Every tenant that has ever stored a definition here (deleted ones included, so their generated files are cleared).</summary>
    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition($"SELECT DISTINCT tenant_id FROM {table}", cancellationToken: cancellationToken)))
            .ToList();
    }

    /// <summary>The live definitions, read inside the caller's transaction.</summary>
    public Task<IReadOnlyList<DefinitionVersion>> LiveAsync(NpgsqlTransaction transaction, string tenant, CancellationToken cancellationToken) =>
        LiveVersionsAsync(transaction.Connection!, transaction, tenant, cancellationToken);

    private async Task<IReadOnlyList<DefinitionVersion>> LiveVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenant,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<DefinitionVersion>(new CommandDefinition(Current, new { tenant }, transaction, cancellationToken: cancellationToken)))
            .Where(r => r.Definition is not null).ToList();
}

/// <summary>One stored version of a definition; <see cref="Definition"/> is null for a deletion.</summary>
public sealed record DefinitionVersion(string Name, int Version, [property: JsonIgnore] string? Definition, string CreatedBy, DateTime CreatedAt)
{
    /// <summary>The definition as JSON in answers (an object, not a string of it).</summary>
    [JsonPropertyName("definition")]
    public JsonElement? Body => Definition is null ? null : JsonDocument.Parse(Definition).RootElement.Clone();

    public T? As<T>() where T : class => Definition is null ? null : JsonSerializer.Deserialize<T>(Definition, JsonSerializerOptions.Web);
}
