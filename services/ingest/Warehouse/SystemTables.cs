using MlOps.Ingest.Loading;
using System.Text.Json;
using Dapper;
using MlOps.Ingest.Schema;
using Npgsql;

namespace MlOps.Ingest.Warehouse;

/// <summary>dlt's system tables (`_dlt_loads`, `_dlt_pipeline_state`, `_dlt_version`) and ingest's quarantine and quality tables.</summary>
internal static class SystemTables
{
    public const string EngineVersion = "mlops-ingest-1";

    public static string CreateSql(string schema)
    {
        var s = PgSql.Quote(schema);
        return $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}._dlt_loads (load_id text NOT NULL UNIQUE, schema_name text, status int NOT NULL,
                inserted_at timestamptz NOT NULL, schema_version_hash text, pipeline text, rows bigint, outcome jsonb);
            ALTER TABLE {s}._dlt_loads ADD COLUMN IF NOT EXISTS outcome jsonb;
            CREATE TABLE IF NOT EXISTS {s}._dlt_pipeline_state (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                pipeline text NOT NULL, resource text NOT NULL, state jsonb NOT NULL, load_id text NOT NULL,
                inserted_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}._dlt_version (version bigint NOT NULL, engine_version text NOT NULL,
                inserted_at timestamptz NOT NULL, schema_name text NOT NULL, version_hash text NOT NULL, schema jsonb NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}._mlops_quarantine (load_id text NOT NULL, table_name text NOT NULL, position text,
                reason text NOT NULL, column_name text, raw text);
            CREATE TABLE IF NOT EXISTS {s}._mlops_quality (load_id text NOT NULL, table_name text NOT NULL,
                check_type text NOT NULL, column_name text, passed boolean NOT NULL, detail text);
            """;
    }

    public static async Task<bool> ExistAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@name) IS NOT NULL", new { name = PgSql.Table(schema, "_dlt_version") },
            cancellationToken: cancellationToken));

    public static async Task<IReadOnlyDictionary<string, JsonElement>> ReadStateAsync(
        NpgsqlConnection connection, string schema, string pipeline, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Resource, string State)>(new CommandDefinition(
            $"""
            SELECT DISTINCT ON (resource) resource, state::text FROM {PgSql.Quote(schema)}._dlt_pipeline_state
            WHERE pipeline = @pipeline ORDER BY resource, id DESC
            """, new { pipeline }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Resource, r => JsonDocument.Parse(r.State).RootElement.Clone());
    }

    public static async Task<(DatasetSchema? Schema, string? Hash, long Version)> ReadSchemaAsync(
        NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var row = await connection.QueryFirstOrDefaultAsync<(long Version, string Hash, string Schema)?>(new CommandDefinition(
            $"SELECT version, version_hash, schema::text FROM {PgSql.Quote(schema)}._dlt_version ORDER BY version DESC LIMIT 1",
            cancellationToken: cancellationToken));
        return row is { } r ? (DatasetSchemaJson.Deserialize(r.Schema), r.Hash, r.Version) : (null, null, 0);
    }

    /// <summary>Whether the load committed, and what it wrote (null for a load committed before outcomes were kept).</summary>
    public static async Task<(bool Loaded, LoadOutcome? Outcome)> FindLoadAsync(NpgsqlConnection connection, string schema, string loadId,
        CancellationToken cancellationToken)
    {
        var row = await connection.QueryFirstOrDefaultAsync<(string LoadId, string? Outcome)?>(new CommandDefinition(
            $"SELECT load_id, outcome::text FROM {PgSql.Quote(schema)}._dlt_loads WHERE load_id = @loadId", new { loadId },
            cancellationToken: cancellationToken));
        return row is { } found
            ? (true, found.Outcome is { } json ? JsonSerializer.Deserialize<LoadOutcome>(json, OutcomeJson) : null)
            : (false, null);
    }

    public static readonly JsonSerializerOptions OutcomeJson = new(JsonSerializerDefaults.Web);
}
