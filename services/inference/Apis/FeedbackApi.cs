using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Contracts;
using MlOps.Inference.Logging;
using MlOps.Inference.Model;
using MlOps.ServiceDefaults.Messaging;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Inference.Apis;

public static class FeedbackApi
{
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/feedback", RecordFeedback).ProducesValidationProblem().WithTags("Feedback").WithName("RecordFeedback")
            .WithSummary("Records ground-truth labels by request id and row; a later label for the same row replaces the earlier one.");
        return app;
    }

    // The body is validated before this runs (FeedbackRequest.Validate).
    public static async Task<Accepted<FeedbackAccepted>> RecordFeedback(FeedbackRequest request, TenantId tenant, NpgsqlDataSource db, OutboxWriter outbox, CancellationToken cancellationToken)
    {
        var labels = request.Labels!;
        // The last label for a row wins, within a request as across requests.
        var unique = labels.GroupBy(l => (l.RequestId, l.RowIndex)).Select(g => g.Last()).ToList();
        var rows = new { tenant = tenant.Value, requestIds = unique.Select(l => l.RequestId).ToArray(), rows = unique.Select(l => l.RowIndex).ToArray(), labels = unique.Select(l => l.Label).ToArray(), shadow = PredictionRoles.Shadow };
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO prediction_feedback (tenant_id, request_id, row_index, label)
            SELECT @tenant, * FROM unnest(@requestIds, @rows, @labels)
            ON CONFLICT (tenant_id, request_id, row_index) DO UPDATE SET label = excluded.label, received_at = now()
            """, rows, transaction, cancellationToken: cancellationToken));
        // Labels of served rows go to drift per model version, with the score the model gave, for performance monitoring.
        var matched = (await connection.QueryAsync<(string Model, int Version, double Score, double Label)>(new CommandDefinition(
            """
            SELECT p.model_name, p.version, p.score, f.label
            FROM unnest(@requestIds, @rows, @labels) AS f(request_id, row_index, label)
            JOIN predictions p ON p.tenant_id = @tenant AND p.request_id = f.request_id AND p.row_index = f.row_index
            WHERE p.role <> @shadow AND p.score IS NOT NULL
            """, rows, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var group in matched.GroupBy(m => (m.Model, m.Version)))
        {
            await outbox.EnqueueAsync(transaction, new PredictionLabelsRecorded
            {
                TenantId = tenant.Value,
                ModelName = group.Key.Model,
                Version = group.Key.Version,
                Scores = [.. group.Select(m => m.Score)],
                Labels = [.. group.Select(m => m.Label)],
            }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted((string?)null, new FeedbackAccepted(labels.Count, matched.Count));
    }
}
