using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace MlOps.Gateway.Llm.Endpoints;

/// <summary>Admin usage API: tokens, cost and requests by day, key, tenant and model, filtered by any of them.</summary>
public static class LlmUsageApi
{
    /// <summary>One day of one key's use of one model.</summary>
    public sealed record UsageDay(
        DateTime Day, Guid KeyId, string TenantId, string Model, long Requests, long InputTokens, long OutputTokens, long CachedInputTokens,
        decimal Cost, long CacheHits, long Refused);

    public static IEndpointRouteBuilder MapLlmUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/llm-usage", GetUsage).WithTags("Virtual keys").RequireAuthorization(Extensions.Extensions.AdminPolicy)
            .WithName("GetLlmUsage").WithSummary("Usage by day, key, tenant and model (filters: tenant, keyId, model, from, to; default the last 30 days).");
        return app;
    }

    public static async Task<Results<Ok<UsageDay[]>, ProblemHttpResult>> GetUsage(
        string? tenant, Guid? keyId, string? model, DateTime? from, DateTime? to, NpgsqlDataSource db, TimeProvider time, CancellationToken cancellationToken)
    {
        var end = to?.ToUniversalTime() ?? time.GetUtcNow().UtcDateTime.Date.AddDays(1);
        var start = from?.ToUniversalTime() ?? end.AddDays(-30);
        if (start >= end || end - start > TimeSpan.FromDays(366))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid range", detail: "'from' must be before 'to', at most 366 days apart.");
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UsageDay>(new CommandDefinition(
            """
            SELECT date_trunc('day', created_at, 'UTC') AS Day, key_id AS KeyId, tenant_id AS TenantId, model AS Model, count(*) AS Requests,
                   sum(input_tokens)::bigint AS InputTokens, sum(output_tokens)::bigint AS OutputTokens, sum(cached_input_tokens)::bigint AS CachedInputTokens,
                   round(sum(cost_micros) / 1000000.0, 6) AS Cost, count(*) FILTER (WHERE cache_status = 'HIT') AS CacheHits,
                   count(*) FILTER (WHERE outcome IN ('rate_limited', 'over_budget')) AS Refused
            FROM llm_usage
            WHERE created_at >= @start AND created_at < @end AND (@tenant::text IS NULL OR tenant_id = @tenant)
              AND (@keyId::uuid IS NULL OR key_id = @keyId) AND (@model::text IS NULL OR model = @model)
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 2, 4
            """, new { start, end, tenant, keyId, model }, cancellationToken: cancellationToken));
        return TypedResults.Ok(rows.ToArray());
    }
}
