using System.Text.Json;
using Dapper;
using Npgsql;

namespace MlOps.GuardrailGateway.Policies;

/// <summary>Policies in the guardrail database, per tenant and name.</summary>
public sealed class PolicyStore(NpgsqlDataSource db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Policy?> GetAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PolicyRow>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, action AS Action, scanners AS Scanners, settings::text AS Settings, updated_at AS UpdatedAt FROM policies WHERE tenant_id = @tenant AND name = @name",
            new { tenant, name }, cancellationToken: cancellationToken));
        return row is null ? null : new Policy(row.Id, row.Name, row.Action, row.Scanners, JsonSerializer.Deserialize<PolicySettings>(row.Settings, Json) ?? new PolicySettings(), row.UpdatedAt);
    }

    /// <summary>Creates or replaces the policy; true when it was created.</summary>
    public async Task<bool> UpsertAsync(string tenant, string name, string action, IReadOnlyList<string> scanners, PolicySettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<bool>(new CommandDefinition(
            """
            INSERT INTO policies (id, tenant_id, name, action, scanners, settings) VALUES (@id, @tenant, @name, @action, @scanners, @settings::jsonb)
            ON CONFLICT (tenant_id, name) DO UPDATE SET action = excluded.action, scanners = excluded.scanners, settings = excluded.settings, updated_at = now()
            RETURNING (xmax = 0)
            """,
            new { id = Guid.CreateVersion7(), tenant, name, action, scanners = scanners.ToArray(), settings = JsonSerializer.Serialize(settings, Json) },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM policies WHERE tenant_id = @tenant AND name = @name", new { tenant, name }, cancellationToken: cancellationToken)) == 1;
    }

    private sealed class PolicyRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Action { get; init; } = "";
        public string[] Scanners { get; init; } = [];
        public string Settings { get; init; } = "{}";
        public DateTime UpdatedAt { get; init; }
    }
}
