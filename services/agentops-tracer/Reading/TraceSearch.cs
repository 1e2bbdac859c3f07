using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using MlOps.AgentOpsTracer.Model;
using Npgsql;

namespace MlOps.AgentOpsTracer.Reading;

/// <summary>
/// Traces of a tenant matching a <see cref="TraceQuery"/>, newest first, one page at a time. The range scan is bounded by
/// the query's time range (at most ReadOptions.MaxRange) and by a statement timeout.
/// </summary>
public sealed class TraceSearch(NpgsqlDataSource db, IOptions<ReadOptions> options)
{
    /// <summary>Up to query.Limit + 1 traces, so the extra one tells that there is a next page.</summary>
    public async Task<IReadOnlyList<TraceSummaryResponse>> SearchAsync(string tenant, TraceQuery query, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new
        {
            tenant, from = query.From, to = query.To, limit = query.Limit + 1, service = query.Service, agent = query.Agent,
            session = query.Session, user = query.User, model = query.Model, error = query.Error, minCost = query.MinCost,
            minDuration = query.MinDuration, before = query.Before, beforeTrace = query.BeforeTraceId,
        });
        var having = new StringBuilder();
        for (var i = 0; i < query.Attributes.Count; i++)
        {
            parameters.Add($"key{i}", query.Attributes[i].Key);
            parameters.Add($"value{i}", query.Attributes[i].Value);
            having.Append($" AND bool_or(attributes->>@key{i} = @value{i})");
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // SET LOCAL takes no parameters; the number is ours.
        await connection.ExecuteAsync(new CommandDefinition(
            $"SET LOCAL statement_timeout = {(long)options.Value.QueryTimeout.TotalMilliseconds}", transaction: transaction,
            cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT encode(trace_id, 'hex') AS TraceId,
                   (array_agg(name ORDER BY parent_span_id IS NOT NULL, start_time))[1] AS Name,
                   (array_agg(service_name ORDER BY parent_span_id IS NOT NULL, start_time))[1] AS ServiceName,
                   min(start_time) AS StartTime, max(end_time) AS EndTime, count(*) AS SpanCount,
                   coalesce(sum(input_tokens), 0)::bigint AS InputTokens, coalesce(sum(output_tokens), 0)::bigint AS OutputTokens,
                   sum(cost) AS TotalCost, bool_and(priced) AS Priced, count(*) FILTER (WHERE status_code = 2) AS ErrorCount,
                   array_remove(array_agg(DISTINCT session_id), NULL) AS Sessions, array_remove(array_agg(DISTINCT agent_name), NULL) AS Agents,
                   array_remove(array_agg(DISTINCT coalesce(response_model, request_model)), NULL) AS Models
            FROM spans
            WHERE tenant_id = @tenant AND start_time >= @from AND start_time < @to
              AND (@session::text IS NULL OR trace_id IN (SELECT trace_id FROM spans s
                   WHERE s.tenant_id = @tenant AND s.session_id = @session AND s.start_time >= @from AND s.start_time < @to))
            GROUP BY trace_id
            HAVING (@service::text IS NULL OR bool_or(service_name = @service))
               AND (@agent::text IS NULL OR bool_or(agent_name = @agent))
               AND (@user::text IS NULL OR bool_or(user_id = @user))
               AND (@model::text IS NULL OR bool_or(request_model = @model OR response_model = @model))
               AND (@error::boolean IS NULL OR bool_or(status_code = 2) = @error)
               AND (@minCost::numeric IS NULL OR sum(cost) >= @minCost)
               AND (@minDuration::interval IS NULL OR max(end_time) - min(start_time) >= @minDuration)
               AND (@before::timestamptz IS NULL OR (min(start_time), trace_id) < (@before::timestamptz, @beforeTrace::bytea))
               {having}
            ORDER BY min(start_time) DESC, trace_id DESC
            LIMIT @limit
            """, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return [.. rows.Select(r => new TraceSummaryResponse(
            r.TraceId, r.Name, r.ServiceName, r.StartTime, r.EndTime, (r.EndTime - r.StartTime).TotalMilliseconds, r.SpanCount, r.InputTokens,
            r.OutputTokens, r.TotalCost, r.Priced, r.ErrorCount, r.Sessions, r.Agents, r.Models))];
    }

    private sealed class Row
    {
        public string TraceId { get; init; } = "";
        public string Name { get; init; } = "";
        public string? ServiceName { get; init; }
        public DateTime StartTime { get; init; }
        public DateTime EndTime { get; init; }
        public long SpanCount { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public decimal? TotalCost { get; init; }
        public bool Priced { get; init; }
        public long ErrorCount { get; init; }
        public string[] Sessions { get; init; } = [];
        public string[] Agents { get; init; } = [];
        public string[] Models { get; init; } = [];
    }
}
