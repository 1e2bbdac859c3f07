using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Inference.Model;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Inference.Apis;

public static class FeedbackApi
{
    private const int MaxLabels = 10_000;

    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/feedback", RecordFeedback).WithTags("Feedback").WithName("RecordFeedback")
            .WithSummary("Records ground-truth labels by request id and row; a later label for the same row replaces the earlier one.");
        return app;
    }

    public static async Task<Results<Accepted<FeedbackAccepted>, ProblemHttpResult>> RecordFeedback(FeedbackRequest request, TenantId tenant, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (request.Labels is not { Count: > 0 and <= MaxLabels } labels)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid feedback", detail: $"'labels' must hold 1 to {MaxLabels} labels.");
        }
        if (labels.Select((l, i) => (l, i)).FirstOrDefault(p => p.l.RequestId == Guid.Empty || p.l.RowIndex < 0 || !double.IsFinite(p.l.Label)) is { l: not null } bad)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid feedback",
                detail: $"labels[{bad.i}] needs a requestId, a rowIndex ≥ 0 and a finite label.");
        }
        // The last label for a row wins, within a request as across requests.
        var unique = labels.GroupBy(l => (l.RequestId, l.RowIndex)).Select(g => g.Last()).ToList();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO prediction_feedback (tenant_id, request_id, row_index, label)
            SELECT @tenant, * FROM unnest(@requestIds, @rows, @labels)
            ON CONFLICT (tenant_id, request_id, row_index) DO UPDATE SET label = excluded.label, received_at = now()
            """,
            new { tenant = tenant.Value, requestIds = unique.Select(l => l.RequestId).ToArray(), rows = unique.Select(l => l.RowIndex).ToArray(), labels = unique.Select(l => l.Label).ToArray() },
            cancellationToken: cancellationToken));
        return TypedResults.Accepted((string?)null, new FeedbackAccepted(labels.Count));
    }
}
