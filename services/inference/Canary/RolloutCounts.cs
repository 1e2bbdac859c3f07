using Dapper;
using Npgsql;

namespace MlOps.Inference.Canary;

/// <summary>The rollout_counts table: each replica's step counts, added to by its flushes and summed for judging.</summary>
public sealed class RolloutCounts(NpgsqlDataSource db)
{
    private const string Columns = """
        challenger_requests AS ChallengerRequests, challenger_errors AS ChallengerErrors, champion_requests AS ChampionRequests,
        champion_errors AS ChampionErrors, compared AS Compared, agreed AS Agreed, shadow_failed AS ShadowFailed,
        challenger_latency AS ChallengerLatency, champion_latency AS ChampionLatency, challenger_scores AS ChallengerScores,
        champion_scores AS ChampionScores
        """;

    /// <summary>Adds this replica's deltas to its rows (histograms bin by bin), all in one transaction.</summary>
    public async Task FlushAsync(Guid replicaId, IReadOnlyList<(Guid RolloutId, int Step, StepCounts Delta)> deltas, CancellationToken cancellationToken)
    {
        if (deltas.Count == 0)
        {
            return;
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (rolloutId, step, d) in deltas)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO rollout_counts (rollout_id, step, replica_id, challenger_requests, challenger_errors, champion_requests, champion_errors,
                    compared, agreed, shadow_failed, challenger_latency, champion_latency, challenger_scores, champion_scores)
                VALUES (@rolloutId, @step, @replicaId, @ChallengerRequests, @ChallengerErrors, @ChampionRequests, @ChampionErrors,
                    @Compared, @Agreed, @ShadowFailed, @ChallengerLatency, @ChampionLatency, @ChallengerScores, @ChampionScores)
                ON CONFLICT (rollout_id, step, replica_id) DO UPDATE SET
                    challenger_requests = rollout_counts.challenger_requests + excluded.challenger_requests,
                    challenger_errors = rollout_counts.challenger_errors + excluded.challenger_errors,
                    champion_requests = rollout_counts.champion_requests + excluded.champion_requests,
                    champion_errors = rollout_counts.champion_errors + excluded.champion_errors,
                    compared = rollout_counts.compared + excluded.compared,
                    agreed = rollout_counts.agreed + excluded.agreed,
                    shadow_failed = rollout_counts.shadow_failed + excluded.shadow_failed,
                    challenger_latency = (SELECT array_agg(a + b ORDER BY i) FROM unnest(rollout_counts.challenger_latency, excluded.challenger_latency) WITH ORDINALITY AS u(a, b, i)),
                    champion_latency = (SELECT array_agg(a + b ORDER BY i) FROM unnest(rollout_counts.champion_latency, excluded.champion_latency) WITH ORDINALITY AS u(a, b, i)),
                    challenger_scores = (SELECT array_agg(a + b ORDER BY i) FROM unnest(rollout_counts.challenger_scores, excluded.challenger_scores) WITH ORDINALITY AS u(a, b, i)),
                    champion_scores = (SELECT array_agg(a + b ORDER BY i) FROM unnest(rollout_counts.champion_scores, excluded.champion_scores) WITH ORDINALITY AS u(a, b, i)),
                    updated_at = now()
                """,
                new
                {
                    rolloutId, step, replicaId, d.ChallengerRequests, d.ChallengerErrors, d.ChampionRequests, d.ChampionErrors, d.Compared, d.Agreed,
                    d.ShadowFailed, d.ChallengerLatency, d.ChampionLatency, d.ChallengerScores, d.ChampionScores,
                }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The sum over every replica of one step's counts, or of the whole rollout's when <paramref name="step"/> is null.</summary>
    public static async Task<StepCounts> SumAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Rollout rollout, int? step,
        CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<StepCountsRow>(new CommandDefinition(
            $"SELECT {Columns} FROM rollout_counts WHERE rollout_id = @id AND (@step::integer IS NULL OR step = @step)",
            new { id = rollout.Id, step }, transaction, cancellationToken: cancellationToken));
        return rows.Aggregate(StepCounts.Empty(rollout.ScoreEdges.Length + 1), (sum, row) => sum.Add(row.ToCounts()));
    }
}
