using Dapper;
using Npgsql;

namespace MlOps.Incident.Postmortems;

/// <summary>Postmortem rows: the drafter's writes, reads for the API and the page, and edits that keep the replaced text.</summary>
public sealed class PostmortemStore(NpgsqlDataSource db)
{
    public const string Llm = "llm";
    public const string Template = "template";

    public async Task<PostmortemResponse?> GetAsync(string tenant, Guid incident, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PostmortemResponse>(new CommandDefinition(
            $"{PostmortemResponse.SelectFrom} WHERE incident_id = @incident AND tenant_id = @tenant",
            new { incident, tenant }, cancellationToken: cancellationToken));
    }

    /// <summary>Writes a draft; a postmortem a person already edited is kept (a reopened, re-resolved incident does not lose it).</summary>
    public static Task SaveDraftAsync(NpgsqlTransaction transaction, PostmortemFacts facts, string markdown, string draftedBy,
        CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO postmortem_versions (incident_id, version, markdown, drafted_by, edited_by)
            SELECT incident_id, version, markdown, drafted_by, edited_by FROM postmortems WHERE incident_id = @id AND edited_by IS NULL;
            INSERT INTO postmortems AS p (incident_id, tenant_id, markdown, drafted_by) VALUES (@id, @tenant, @markdown, @draftedBy)
            ON CONFLICT (incident_id) DO UPDATE SET markdown = EXCLUDED.markdown, drafted_by = EXCLUDED.drafted_by, version = p.version + 1,
                updated_at = now()
            WHERE p.edited_by IS NULL;
            DELETE FROM postmortem_pending WHERE incident_id = @id;
            """, new { id = facts.Incident.Id, tenant = facts.Incident.TenantId, markdown, draftedBy }, transaction, cancellationToken: cancellationToken));

    /// <summary>Replaces the text as <paramref name="editor"/>; null when the tenant's incident has no postmortem.</summary>
    public async Task<PostmortemResponse?> EditAsync(string tenant, Guid incident, string markdown, string editor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PostmortemResponse>(new CommandDefinition($"""
            WITH previous AS (
                INSERT INTO postmortem_versions (incident_id, version, markdown, drafted_by, edited_by)
                SELECT incident_id, version, markdown, drafted_by, edited_by FROM postmortems WHERE incident_id = @incident AND tenant_id = @tenant
                RETURNING incident_id),
            edited AS (
                UPDATE postmortems SET markdown = @markdown, edited_by = @editor, version = version + 1, updated_at = now()
                WHERE incident_id = @incident AND tenant_id = @tenant
                RETURNING *)
            {PostmortemResponse.SelectFrom.Replace("FROM postmortems", "FROM edited", StringComparison.Ordinal)}
            """, new { incident, tenant, markdown, editor }, cancellationToken: cancellationToken));
    }
}
