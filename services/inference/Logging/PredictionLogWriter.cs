using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;
using NpgsqlTypes;

namespace MlOps.Inference.Logging;

/// <summary>
/// Drains the prediction log in batches: one binary COPY into predictions and, in the same transaction, columnar
/// PredictionsLogged events (served rows only, not shadow rows) through the outbox for drift.
/// </summary>
public sealed class PredictionLogWriter(PredictionLog log, NpgsqlDataSource db, OutboxWriter outbox, InferenceMetrics metrics,
    IOptions<PredictionLogOptions> options, ILogger<PredictionLogWriter> logger) : BackgroundService
{
    private readonly HashSet<(ModelKey, int)> _schemasWritten = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PredictionRecord>();
        // Not cancelled by shutdown: StopAsync completes the queue and what is left is still written.
        while (await log.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            var rows = 0;
            while (rows < options.Value.MaxRowsPerWrite && log.Reader.TryRead(out var record))
            {
                batch.Add(record);
                rows += record.Rows;
            }
            try
            {
                await WriteAsync(batch, CancellationToken.None);
                metrics.LogWritten(rows);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever failed, the log must not take the service down: the batch is counted as dropped.
                metrics.LogDropped(rows);
                InferenceLog.LogWriteFailed(logger, e, rows);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            if (rows < options.Value.MaxRowsPerWrite && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.FlushInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        log.Complete();
        return base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync(List<PredictionRecord> batch, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The log is best-effort already (a full queue drops rows): it need not wait for the WAL flush. Rows and their
        // events still commit or vanish together.
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL synchronous_commit = off", transaction: transaction, cancellationToken: cancellationToken));
        await WriteSchemasAsync(connection, transaction, batch, cancellationToken);
        // Values are written synchronously into the importer's buffer: per-value async calls cost more than the rows.
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY predictions (request_id, row_index, tenant_id, model_name, version, role, numeric_features, categorical_features, outputs, score, latency_us, created_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var record in batch)
            {
                var schema = record.Model.Schema;
                for (var row = 0; row < record.Rows; row++)
                {
                    copy.StartRow();
                    copy.Write(record.RequestId, NpgsqlDbType.Uuid);
                    copy.Write(row, NpgsqlDbType.Integer);
                    copy.Write(record.Model.Key.Tenant, NpgsqlDbType.Text);
                    copy.Write(record.Model.Key.Model, NpgsqlDbType.Text);
                    copy.Write(record.Model.Version, NpgsqlDbType.Integer);
                    copy.Write(record.Role, NpgsqlDbType.Text);
                    copy.Write(record.Numeric.AsSpan(row * schema.NumericInputs.Length, schema.NumericInputs.Length).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Double);
                    copy.Write(record.Categorical.AsSpan(row * schema.CategoricalInputs.Length, schema.CategoricalInputs.Length).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    copy.Write(record.Outputs.AsSpan(row * schema.Outputs.Length, schema.Outputs.Length).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Double);
                    var score = record.Score(row);
                    if (double.IsNaN(score))
                    {
                        copy.WriteNull();
                    }
                    else
                    {
                        copy.Write(score, NpgsqlDbType.Double);
                    }
                    copy.Write(record.LatencyMicros, NpgsqlDbType.Integer);
                    copy.Write(record.At, NpgsqlDbType.TimestampTz);
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }
        foreach (var message in Events(batch))
        {
            await outbox.EnqueueAsync(transaction, message, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task WriteSchemasAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PredictionRecord> batch, CancellationToken cancellationToken)
    {
        foreach (var model in batch.Select(r => r.Model).DistinctBy(m => (m.Key, m.Version)).Where(m => !_schemasWritten.Contains((m.Key, m.Version))))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO prediction_schemas (tenant_id, model_name, version, numeric_features, categorical_features, outputs)
                VALUES (@tenant, @model, @version, @numeric, @categorical, @outputs) ON CONFLICT DO NOTHING
                """, new { tenant = model.Key.Tenant, model = model.Key.Model, version = model.Version, numeric = model.Schema.NumericNames,
                    categorical = model.Schema.CategoricalNames, outputs = model.Schema.OutputNames }, transaction, cancellationToken: cancellationToken));
            _schemasWritten.Add((model.Key, model.Version));
        }
    }

    private IEnumerable<PredictionsLogged> Events(List<PredictionRecord> batch)
    {
        foreach (var group in batch.Where(r => r.Role != PredictionRoles.Shadow).GroupBy(r => (r.Model.Key, r.Model.Version)))
        {
            var schema = group.First().Model.Schema;
            var rows = group.SelectMany(record => Enumerable.Range(0, record.Rows).Select(row => (Record: record, Row: row)));
            foreach (var chunk in rows.Chunk(options.Value.MaxRowsPerEvent))
            {
                var numericCount = schema.NumericInputs.Length;
                var categoricalCount = schema.CategoricalInputs.Length;
                yield return new PredictionsLogged
                {
                    TenantId = group.Key.Key.Tenant,
                    ModelName = group.Key.Key.Model,
                    Version = group.Key.Version,
                    RequestIds = [.. chunk.Select(c => c.Record.RequestId)],
                    RowIndexes = [.. chunk.Select(c => c.Row)],
                    Features = Enumerable.Range(0, numericCount).ToDictionary(i => schema.NumericNames[i],
                        i => chunk.Select(c => Finite(c.Record.Numeric[c.Row * numericCount + i])).ToArray()),
                    Categories = Enumerable.Range(0, categoricalCount).ToDictionary(i => schema.CategoricalNames[i],
                        i => chunk.Select(c => c.Record.Categorical[c.Row * categoricalCount + i]).ToArray()),
                    Predictions = [.. chunk.Select(c => Finite(c.Record.Score(c.Row)))],
                };
            }
        }
    }

    // JSON has no NaN or infinity: such values travel as null.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
