using System.Text.Json;
using Dapper;
using Npgsql;

namespace MlOps.Drift.Reports;

/// <summary>Reads stored reports and a model version's drift history, scoped to the tenant.</summary>
public sealed class ReportStore(NpgsqlDataSource db)
{
    private const int HistoryLimit = 200;

    public async Task<StoredReport?> GetAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredReport>(new CommandDefinition(
            "SELECT id AS Id, model_name AS ModelName, version AS Version, created_at AS CreatedAt, result AS Result FROM drift_reports WHERE tenant_id = @tenant AND id = @id AND result IS NOT NULL",
            new { tenant, id }, cancellationToken: cancellationToken));
    }

    /// <summary>The latest windows of a model version, oldest first: when, share drifted, and each column's score.</summary>
    public async Task<IReadOnlyList<HistoryPoint>> HistoryAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(DateTime At, double Share, JsonElement Result)>(new CommandDefinition(
            """
            SELECT * FROM (SELECT created_at, share_drifted, result FROM drift_reports
                           WHERE tenant_id = @tenant AND model_name = @model AND version = @version AND result IS NOT NULL
                           ORDER BY created_at DESC LIMIT @limit) latest
            ORDER BY created_at
            """, new { tenant, model, version, limit = HistoryLimit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new HistoryPoint(r.At, r.Share, Scores(r.Result)))];
    }

    private static Dictionary<string, double> Scores(JsonElement result)
    {
        var scores = result.GetProperty("columns").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("score").GetDouble(), StringComparer.Ordinal);
        if (result.TryGetProperty("prediction", out var prediction) && prediction.ValueKind == JsonValueKind.Object)
        {
            scores["prediction"] = prediction.GetProperty("score").GetDouble();
        }
        return scores;
    }
}
