using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Drift.Model;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Drift.Apis;

/// <summary>Training–serving skew: per window of a version trained on a feature store training set, its served features against that set.</summary>
public static class SkewApi
{
    public static IEndpointRouteBuilder MapSkewApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<SkewReportResponse, Guid>("/skew-reports", "SkewReport", SkewReportResponse.SelectFrom, "id", x => x.Id);
        app.MapGet("/models/{model}/skew", GetLatest).WithTags("SkewReports").WithName("GetModelSkew")
            .WithSummary("The model's latest skew report (of the version given, else of any): each served feature against the training set "
                + "the version learned from, with drift's tests and thresholds.");
        return app;
    }

    public static async Task<Results<Ok<SkewReportResponse>, ProblemHttpResult>> GetLatest(string model, TenantId tenant, NpgsqlDataSource db,
        CancellationToken cancellationToken, int? version = null)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var report = await connection.QueryFirstOrDefaultAsync<SkewReportResponse>(new CommandDefinition(
            SkewReportResponse.SelectFrom
                + " WHERE tenant_id = @tenant AND model_name = @model AND (@version::int IS NULL OR version = @version) ORDER BY id DESC LIMIT 1",
            new { tenant = tenant.Value, model, version }, cancellationToken: cancellationToken));
        return report is not null ? TypedResults.Ok(report) : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Skew report not found",
            detail: $"No skew report for model '{model}'{(version is null ? "" : $" version {version}")} yet: skew is reported per evaluated window of a "
                + "version trained on a feature store training set.");
    }
}
