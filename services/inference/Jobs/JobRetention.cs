using Dapper;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Retention;
using Npgsql;

namespace MlOps.Inference.Jobs;

/// <summary>Finished batch jobs older than their retention lose their files first, then their row (a crash between leaves a row to prune again).</summary>
public static class JobRetention
{
    public static RetentionRule Rule(IOptions<JobOptions> options) => new("batch-jobs", TimeSpan.FromDays(7), async (db, cutoff, batch, cancellationToken) =>
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM batch_jobs WHERE status IN ('succeeded', 'failed') AND finished_at < @cutoff ORDER BY finished_at LIMIT @batch",
            new { cutoff, batch }, cancellationToken: cancellationToken))).ToArray();
        foreach (var id in ids)
        {
            var folder = Path.Combine(options.Value.Root, id.ToString("N"));
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM batch_jobs WHERE id = ANY(@ids)", new { ids }, cancellationToken: cancellationToken));
    });
}
