using Dapper;
using Npgsql;

namespace MlOps.AgentOpsTracer.Content;

/// <summary>Tenants' content policies; a tenant without one has its contents redacted.</summary>
public sealed class ContentPolicyStore(NpgsqlDataSource db)
{
    /// <summary>The tenant's mode, read once per export request (a primary-key lookup), so a change applies to the next batch.</summary>
    public async Task<string> ModeAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT mode FROM content_policies WHERE tenant_id = @tenant", new { tenant }, cancellationToken: cancellationToken))
            ?? ContentModes.Redact;
    }

    public async Task PutAsync(string tenant, string mode, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO content_policies (tenant_id, mode) VALUES (@tenant, @mode)
            ON CONFLICT (tenant_id) DO UPDATE SET mode = excluded.mode, updated_at = now()
            """, new { tenant, mode }, cancellationToken: cancellationToken));
    }
}
