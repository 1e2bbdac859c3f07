using Dapper;
using MlOps.AgentOpsTracer.Model;
using Npgsql;

namespace MlOps.AgentOpsTracer.Reading;

/// <summary>Sessions summed from the spans that carry their id (the session index keeps this to one session's rows).</summary>
public sealed class SessionReader(NpgsqlDataSource db)
{
    private const string Totals =
        """
        SELECT session_id AS Id, count(DISTINCT trace_id) AS TraceCount, count(*) AS SpanCount,
               coalesce(sum(input_tokens), 0)::bigint AS InputTokens, coalesce(sum(output_tokens), 0)::bigint AS OutputTokens,
               sum(cost) AS TotalCost, bool_and(priced) AS Priced, count(*) FILTER (WHERE NOT priced) AS UnpricedSpanCount,
               count(*) FILTER (WHERE status_code = 2) AS ErrorCount, min(start_time) AS FirstSeen, max(end_time) AS LastSeen
        FROM spans WHERE tenant_id = @tenant AND session_id IS NOT NULL
        """;

    public async Task<SessionResponse?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SessionResponse>(new CommandDefinition(
            $"{Totals} AND session_id = @id GROUP BY session_id", new { tenant, id }, cancellationToken: cancellationToken));
    }

    /// <summary>The most recently active sessions first; pass the last one's LastSeen and Id to continue.</summary>
    public async Task<IReadOnlyList<SessionResponse>> ListAsync(string tenant, int limit, DateTime? beforeLastSeen, string? beforeId,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SessionResponse>(new CommandDefinition(
            $"""
            {Totals} GROUP BY session_id
            HAVING @before::timestamptz IS NULL OR (max(end_time), session_id) < (@before::timestamptz, @beforeId::text)
            ORDER BY max(end_time) DESC, session_id DESC LIMIT @limit
            """, new { tenant, limit, before = beforeLastSeen, beforeId = beforeId ?? "" }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
