using System.Text.Json;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Lake;

/// <summary>
/// One load into a lake dataset folder: Parquet files first, referenced by no manifest until <see cref="CommitAsync"/> puts
/// this load's manifest; an uncommitted load deletes its files when disposed.
/// </summary>
internal sealed class LakeLoadWriter(
    ILakeStore store, IAsyncDisposable loadLock, LoadJob job, CommittedState committed, bool alreadyLoaded, long sequence,
    LakeOptions options, TimeProvider time, ILogger logger) : ILoadWriter
{
    private static readonly string[] Reserved = [LakeManifests.Folder, LakeQuarantine.Folder, "_lock"];
    private readonly string _loadId = job.LoadId.ToString();
    private readonly Dictionary<string, LakeTableWriter> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TableSchema> _known = new(committed.Schema?.Tables ?? new Dictionary<string, TableSchema>());
    private readonly HashSet<string> _replacedRoots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _state = new(StringComparer.Ordinal);
    private readonly LakeQuarantine _quarantine = new(store, job.LoadId.ToString(), options);
    private long _bytes;
    private bool _committed;

    public bool AlreadyLoaded { get; } = alreadyLoaded;

    public LoadOutcome? CommittedOutcome { get; init; }

    public CommittedState Committed { get; } = committed;

    public async Task WriteAsync(NormalizedBatch batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed || AlreadyLoaded, this);
        foreach (var rows in batch.Tables)
        {
            _known[rows.Table.Name] = rows.Table;
        }
        foreach (var rows in batch.Tables)
        {
            var name = rows.Table.Name;
            var root = RootOf(rows.Table);
            if (root.Disposition == WriteDisposition.Merge || rows.Table.Disposition == WriteDisposition.Merge)
            {
                throw new LoadFailedException(
                    $"table {name}: write disposition merge is not supported on the parquet destination (append and replace are)");
            }
            if (Reserved.Contains(name, StringComparer.Ordinal))
            {
                throw new LoadFailedException($"table {name}: the name is reserved in a lake dataset folder");
            }
            if (root.Disposition == WriteDisposition.Replace)
            {
                _replacedRoots.Add(root.Name);
            }
            if (!_tables.TryGetValue(name, out var table))
            {
                table = new LakeTableWriter(store, name, n => $"{name}/{_loadId}.{n}.parquet", options.RowGroupRows, options.FileRows);
                _tables[name] = table;
            }
            await table.AppendAsync(rows.Table.Columns, rows.Rows, cancellationToken);
        }
        await _quarantine.AppendAsync(batch.Quarantined, cancellationToken);
        if (batch.StateAfter is { } state)
        {
            _state[batch.Resource] = state;
        }
        _bytes += batch.Bytes;
    }

    public async Task<LoadOutcome> CommitAsync(LoadCommit commit, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed || AlreadyLoaded, this);
        var quality = LakeQuality.Run(commit.Checks, t => _tables.GetValueOrDefault(t)?.Rows ?? 0);
        var tables = new Dictionary<string, LakeManifestTable>(StringComparer.Ordinal);
        foreach (var (name, writer) in _tables)
        {
            tables[name] = new LakeManifestTable(false, writer.Rows, await writer.FinishAsync(cancellationToken));
        }
        // Replacing a root replaces its whole tree, also the child tables that got no rows this time.
        foreach (var table in commit.Schema.Tables.Values.Concat(_known.Values).Where(t => _replacedRoots.Contains(RootOf(t).Name)))
        {
            tables[table.Name] = (tables.GetValueOrDefault(table.Name) ?? new LakeManifestTable(false, 0, [])) with { Replace = true };
        }
        var version = commit.SchemaHash == Committed.SchemaHash ? Committed.SchemaVersion : Committed.SchemaVersion + 1;
        using var schema = JsonDocument.Parse(DatasetSchemaJson.Serialize(commit.Schema with { Version = version }));
        var manifest = new LakeManifest
        {
            LoadId = _loadId,
            Sequence = sequence,
            Pipeline = job.Pipeline,
            CommittedAt = time.GetUtcNow().UtcDateTime,
            SchemaHash = commit.SchemaHash,
            SchemaVersion = version,
            Schema = schema.RootElement.Clone(),
            Tables = tables,
            Quarantine = await _quarantine.FinishAsync(cancellationToken),
            State = _state,
            Quality = quality,
            Results = Results(),
        };
        if (!await store.PutNewAsync(LakeManifests.PathOf(_loadId), LakeManifests.Serialize(manifest), cancellationToken))
        {
            // Another process committed this load id meanwhile, into the same file names: they are its files now.
            _committed = true;
            throw new LoadFailedException($"load {_loadId} was committed by another process meanwhile");
        }
        _committed = true;
        var rows = tables.Values.Sum(t => t.Rows);
        LakeLog.LoadCommitted(logger, job.LoadId, store.Describe(""), rows);
        return new LoadOutcome
        {
            LoadId = job.LoadId,
            Tables = Results(),
            Quality = quality,
            SchemaHash = commit.SchemaHash,
            SchemaVersion = version,
            Bytes = _bytes,
        };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var table in _tables.Values)
            {
                await table.DisposeAsync();
            }
            await _quarantine.DisposeAsync();
        }
        finally
        {
            await using (loadLock)
            {
                if (!_committed && !AlreadyLoaded)
                {
                    var created = _tables.Values.SelectMany(t => t.Created).Concat(_quarantine.Created).ToList();
                    // Not the load's token: a cancelled load must still remove its files.
                    await store.DeleteAsync(created, CancellationToken.None);
                    LakeLog.LoadRolledBack(logger, job.LoadId, store.Describe(""), created.Count);
                }
            }
        }
    }

    private TableSchema RootOf(TableSchema table)
    {
        var current = table;
        while (current.Parent is { } parent && _known.TryGetValue(parent, out var next))
        {
            current = next;
        }
        return current;
    }

    private List<TableLoadResult> Results()
    {
        var names = _tables.Keys.Union(_quarantine.Counts.Keys).Order(StringComparer.Ordinal);
        return names.Select(name =>
        {
            var (rows, values) = _quarantine.Counts.GetValueOrDefault(name);
            return new TableLoadResult(name, _tables.GetValueOrDefault(name)?.Rows ?? 0, rows, values);
        }).ToList();
    }
}
