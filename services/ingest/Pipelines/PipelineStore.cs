using System.Text.Json;
using Dapper;
using MlOps.Ingest.Model;
using Npgsql;

namespace MlOps.Ingest.Pipelines;

/// <summary>The pipelines table: each tenant's pipelines, their protected source configs and schedules.</summary>
public sealed class PipelineStore(NpgsqlDataSource db, PipelineSecrets secrets)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores a new pipeline; null when the tenant already has one by that name.</summary>
    public async Task<PipelineResponse?> CreateAsync(string tenant, PipelineDefinition pipeline, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pipelines (id, tenant_id, name, dataset, source_type, source_config, source_protected, destination, schedule, next_run_at)
            VALUES (@id, @tenant, @Name, @Dataset, @SourceType, @masked::jsonb, @protectedConfig, @destinationJson::jsonb, @Schedule, @NextRunAt)
            ON CONFLICT (tenant_id, name) DO NOTHING
            """, Parameters(tenant, pipeline, new { id = Guid.CreateVersion7() }), cancellationToken: cancellationToken));
        return inserted == 1 ? await FindAsync(tenant, pipeline.Name, cancellationToken) : null;
    }

    /// <summary>Replaces a pipeline's definition and bumps its version; null when it does not exist.</summary>
    public async Task<PipelineResponse?> UpdateAsync(string tenant, PipelineDefinition pipeline, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE pipelines SET dataset = @Dataset, source_type = @SourceType, source_config = @masked::jsonb, source_protected = @protectedConfig,
                   destination = @destinationJson::jsonb, schedule = @Schedule, next_run_at = @NextRunAt, version = version + 1, updated_at = now()
            WHERE tenant_id = @tenant AND name = @Name
            """, Parameters(tenant, pipeline, new { }), cancellationToken: cancellationToken));
        return updated == 1 ? await FindAsync(tenant, pipeline.Name, cancellationToken) : null;
    }

    public async Task<PipelineResponse?> FindAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PipelineResponse>(new CommandDefinition(
            $"{PipelineResponse.SelectFrom} WHERE tenant_id = @tenant AND name = @name", new { tenant, name }, cancellationToken: cancellationToken));
    }

    /// <summary>The full source config of a stored pipeline (to merge masked secrets of an update).</summary>
    public async Task<JsonElement?> SourceConfigAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var protectedConfig = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT source_protected FROM pipelines WHERE tenant_id = @tenant AND name = @name", new { tenant, name }, cancellationToken: cancellationToken));
        return protectedConfig is null ? null : secrets.Unprotect(protectedConfig);
    }

    public async Task<StoredPipeline?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredPipeline>(new CommandDefinition(
            """
            SELECT id, tenant_id AS TenantId, name, dataset, source_type AS SourceType, source_protected AS SourceProtected, destination::text AS Destination
            FROM pipelines WHERE id = @id
            """, new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Pauses or resumes a pipeline's schedule; false when it does not exist.</summary>
    public async Task<bool> SetPausedAsync(string tenant, string name, bool paused, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE pipelines SET paused = @paused, updated_at = now() WHERE tenant_id = @tenant AND name = @name",
            new { tenant, name, paused }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<bool> DeleteAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM pipelines WHERE tenant_id = @tenant AND name = @name",
            new { tenant, name }, cancellationToken: cancellationToken)) == 1;
    }

    private DynamicParameters Parameters(string tenant, PipelineDefinition pipeline, object extra)
    {
        var parameters = new DynamicParameters(pipeline);
        parameters.AddDynamicParams(extra);
        parameters.Add("tenant", tenant);
        parameters.Add("masked", SecretMasking.Masked(pipeline.SourceConfig).GetRawText());
        parameters.Add("protectedConfig", secrets.Protect(pipeline.SourceConfig));
        parameters.Add("destinationJson", JsonSerializer.Serialize(pipeline.Destination, Json));
        return parameters;
    }
}
