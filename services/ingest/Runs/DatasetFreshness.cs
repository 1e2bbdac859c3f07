using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dapper;
using MlOps.ServiceDefaults.Metrics;
using Npgsql;

namespace MlOps.Ingest.Runs;

/// <summary>
/// When each dataset last loaded successfully, as a gauge for freshness objectives. Read from the database (so every replica
/// reports the same, after a restart too) and set at once by the replica that records a load.
/// </summary>
public sealed class DatasetFreshness : BackgroundService
{
    /// <summary>Datasets reported; past it the oldest-updated are left out (the metrics pipeline caps series anyway).</summary>
    public const int MaxDatasets = 2000;

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(string Tenant, string Dataset), DateTimeOffset> _lastSuccess = new();
    private readonly NpgsqlDataSource _db;
    private readonly ILogger<DatasetFreshness> _logger;

    public DatasetFreshness(NpgsqlDataSource db, IMeterFactory meters, ILogger<DatasetFreshness> logger)
    {
        _db = db;
        _logger = logger;
        meters.Create("MlOps.Ingest").CreateObservableGauge(SloMetrics.IngestLastSuccess, Observe, "s",
            "When the dataset's last load succeeded, in Unix seconds, by tenant and dataset.");
    }

    /// <summary>A load of the dataset has just committed.</summary>
    public void Loaded(string tenant, string dataset, DateTimeOffset at) =>
        _lastSuccess.AddOrUpdate((tenant, dataset), at, (_, known) => known > at ? known : at);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The gauge keeps its last values; the next tick tries again.
                _logger.LogWarning(e, "Could not read dataset load times for the freshness gauge");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Tenant, string Name, DateTime UpdatedAt)>(new CommandDefinition(
            "SELECT tenant_id, name, updated_at FROM datasets WHERE current_version > 0 ORDER BY updated_at DESC LIMIT @max",
            new { max = MaxDatasets }, cancellationToken: cancellationToken));
        foreach (var (tenant, name, updatedAt) in rows)
        {
            Loaded(tenant, name, new DateTimeOffset(DateTime.SpecifyKind(updatedAt, DateTimeKind.Utc)));
        }
    }

    private IEnumerable<Measurement<double>> Observe() => _lastSuccess.Select(entry => new Measurement<double>(
        entry.Value.ToUnixTimeMilliseconds() / 1000.0, new("tenant", entry.Key.Tenant), new("dataset", entry.Key.Dataset)));
}
