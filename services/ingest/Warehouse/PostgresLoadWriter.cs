using System.Text.Json;
using Dapper;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using Npgsql;
using static MlOps.Ingest.Warehouse.PgSql;

namespace MlOps.Ingest.Warehouse;

/// <summary>One load into the warehouse: one connection, one transaction, under the dataset's advisory lock.</summary>
internal sealed class PostgresLoadWriter(
    NpgsqlConnection connection, NpgsqlTransaction transaction, LoadJob job, string schema, DateTime loadTime,
    CommittedState committed, bool alreadyLoaded, ILogger logger) : ILoadWriter
{
    /// <summary>Staged rows of a merge root merged before the commit, overlapping the source's reading (docs/benchmarks.md).</summary>
    public const long MergeChunkRows = 10_000;

    private readonly string _loadId = job.LoadId.ToString();
    private readonly LoadTables _tables = new(connection, schema, committed.Schema);
    private readonly Dictionary<string, JsonElement> _state = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Rows, long Values)> _quarantined = new(StringComparer.Ordinal);
    private readonly Scd2RowIds _scd2Ids = new();
    private readonly MergeFinisher _merge = new(connection, schema, job.LoadId.ToString(), loadTime);
    private long _bytes;
    private bool _committed;

    public bool AlreadyLoaded { get; } = alreadyLoaded;

    public CommittedState Committed { get; } = committed;

    public LoadOutcome? CommittedOutcome { get; init; }

    public async Task WriteAsync(NormalizedBatch batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed || AlreadyLoaded, this);
        await _tables.PrepareAsync(batch.Tables, cancellationToken);
        foreach (var rows in batch.Tables)
        {
            var table = await _tables.EnsureAsync(rows.Table, cancellationToken);
            if (rows.Rows.Count == 0)
            {
                continue;
            }
            var scd2 = table.Root is { Disposition: WriteDisposition.Merge, MergeStrategy: MergeStrategy.Scd2 };
            var data = scd2 ? _scd2Ids.Rewrite(rows, table.IsRoot) : rows.Rows;
            await BinaryRowCopier.CopyAsync(connection, table.Staging ?? Table(schema, table.Name), rows.Table.Columns, data,
                cancellationToken);
            table.Rows += rows.Rows.Count;
            table.StagedRows += table.Staging is null ? 0 : rows.Rows.Count;
            if (table.IsRoot && table.Root is { Disposition: WriteDisposition.Merge, MergeStrategy: not MergeStrategy.Scd2 })
            {
                table.Keys.Add(rows);
            }
        }
        foreach (var root in _tables.All.Where(t => t.IsRoot && t.StagedRows >= MergeChunkRows).ToList())
        {
            await MergeChunkAsync(root, cancellationToken);
        }
        if (batch.Quarantined.Count > 0)
        {
            await WriteQuarantineAsync(batch.Quarantined, cancellationToken);
        }
        if (batch.StateAfter is { } state)
        {
            _state[batch.Resource] = state;
        }
        _bytes += batch.Bytes;
    }

    public async Task<LoadOutcome> CommitAsync(LoadCommit commit, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed || AlreadyLoaded, this);
        foreach (var root in _tables.All.Where(t => t.IsRoot && t.Root.Disposition == WriteDisposition.Merge))
        {
            if (root.ChunksMerged && root.StagedRows == 0)
            {
                continue;
            }
            var descendants = await _tables.ExistingDescendantsAsync(root.Name, cancellationToken);
            var staged = _tables.All.Where(t => !t.IsRoot && t.Root.Name == root.Name).ToList();
            await _merge.FinishAsync(root, descendants, staged, cancellationToken);
        }
        var quality = await RunQualityAsync(commit.Checks, cancellationToken);
        if (quality.Where(r => !r.Passed && r.Blocking).Select(r => r.Result).FirstOrDefault() is { } failed)
        {
            var column = failed.Column is { } c ? $".{c}" : "";
            throw new LoadFailedException($"blocking quality check {failed.Check} on {failed.Table}{column} failed: {failed.Detail}")
            {
                FailedCheck = failed,
            };
        }
        var version = Committed.SchemaVersion;
        if (commit.SchemaHash != Committed.SchemaHash)
        {
            version++;
            await ExecuteAsync(
                $"INSERT INTO {Quote(schema)}._dlt_version (version, engine_version, inserted_at, schema_name, version_hash, schema) " +
                "VALUES (@version, @engine, @loadTime, @name, @hash, @json::jsonb)",
                new { version, engine = SystemTables.EngineVersion, loadTime, name = commit.Schema.Name, hash = commit.SchemaHash,
                    json = DatasetSchemaJson.Serialize(commit.Schema with { Version = version }) }, cancellationToken);
        }
        foreach (var (resource, state) in _state)
        {
            await ExecuteAsync(
                $"INSERT INTO {Quote(schema)}._dlt_pipeline_state (pipeline, resource, state, load_id, inserted_at) " +
                "VALUES (@pipeline, @resource, @state::jsonb, @loadId, @loadTime)",
                new { pipeline = job.Pipeline, resource, state = state.GetRawText(), loadId = _loadId, loadTime }, cancellationToken);
        }
        var rows = _tables.All.Sum(t => t.Rows);
        var outcome = new LoadOutcome
        {
            LoadId = job.LoadId,
            Tables = Results(),
            Quality = quality.Select(q => q.Result).ToList(),
            SchemaHash = commit.SchemaHash,
            SchemaVersion = version,
            Bytes = _bytes,
        };
        // The outcome is kept with the load, so a run retried after this commit reports (and announces) what it wrote.
        await ExecuteAsync(
            $"INSERT INTO {Quote(schema)}._dlt_loads (load_id, schema_name, status, inserted_at, schema_version_hash, pipeline, rows, outcome) " +
            "VALUES (@loadId, @name, 0, @loadTime, @hash, @pipeline, @rows, @outcome::jsonb)",
            new
            {
                loadId = _loadId, name = commit.Schema.Name, loadTime, hash = commit.SchemaHash, pipeline = job.Pipeline, rows,
                outcome = JsonSerializer.Serialize(outcome, SystemTables.OutcomeJson),
            },
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _committed = true;
        WarehouseLog.LoadCommitted(logger, job.LoadId, schema, rows);
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed && !AlreadyLoaded)
        {
            WarehouseLog.LoadRolledBack(logger, job.LoadId, schema);
        }
        // Closing the connection without a commit rolls the transaction back, also when the connection broke.
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>
    /// Merges a delete-insert or upsert root's staged rows into the target while the source reads on, and empties the staging
    /// table: chunks applied in load order leave the rows one merge at the commit would (a key's later row wins, a hard
    /// delete then a re-insert ends inserted). Not for scd2 (it retires what the whole extract lacks) nor a root with child
    /// tables (their rows are replaced with their root row's, at the commit).
    /// </summary>
    private async Task MergeChunkAsync(LoadTable root, CancellationToken cancellationToken)
    {
        if (root.Root is not { Disposition: WriteDisposition.Merge, MergeStrategy: MergeStrategy.DeleteInsert or MergeStrategy.Upsert }
            || _tables.All.Any(t => !t.IsRoot && t.Root.Name == root.Name)
            || (await _tables.ExistingDescendantsAsync(root.Name, cancellationToken)).Count > 0)
        {
            return;
        }
        await _merge.FinishAsync(root, [], [], cancellationToken);
        await ExecuteAsync($"TRUNCATE {root.Staging}", new { }, cancellationToken);
        WarehouseLog.ChunkMerged(logger, job.LoadId, schema, root.Name, root.StagedRows);
        root.StagedMerged();
    }

    private async Task<List<(QualityResult Result, bool Blocking, bool Passed)>> RunQualityAsync(
        IReadOnlyDictionary<string, IReadOnlyList<QualityCheck>> checks, CancellationToken cancellationToken)
    {
        var runner = new QualityRunner(connection, schema, _loadId, loadTime);
        var results = new List<(QualityResult, bool, bool)>();
        foreach (var (table, tableChecks) in checks)
        {
            var scd2 = _tables.Find(table)?.Root is { Disposition: WriteDisposition.Merge, MergeStrategy: MergeStrategy.Scd2 };
            foreach (var check in tableChecks)
            {
                var result = await runner.RunAsync(table, scd2, check, cancellationToken);
                results.Add((result, check.Blocking, result.Passed));
                await ExecuteAsync(
                    $"INSERT INTO {Quote(schema)}._mlops_quality (load_id, table_name, check_type, column_name, passed, detail) " +
                    "VALUES (@loadId, @Table, @Check, @Column, @Passed, @Detail)",
                    new { loadId = _loadId, result.Table, result.Check, result.Column, result.Passed, result.Detail }, cancellationToken);
            }
        }
        return results;
    }

    private async Task WriteQuarantineAsync(IReadOnlyList<QuarantinedRecord> records, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {Quote(schema)}._mlops_quarantine (load_id, table_name, position, reason, column_name, raw) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var record in records)
        {
            await importer.WriteRowAsync(cancellationToken, _loadId, record.Table, record.Position, record.Reason,
                (object?)record.Column ?? DBNull.Value, record.Raw);
            var (rows, values) = _quarantined.GetValueOrDefault(record.Table);
            _quarantined[record.Table] = record.Column is null ? (rows + 1, values) : (rows, values + 1);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private List<TableLoadResult> Results()
    {
        var names = _tables.All.Select(t => t.Name).Union(_quarantined.Keys).Order(StringComparer.Ordinal);
        return names.Select(name =>
        {
            var (rows, values) = _quarantined.GetValueOrDefault(name);
            return new TableLoadResult(name, _tables.Find(name)?.Rows ?? 0, rows, values);
        }).ToList();
    }

    private Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
}
