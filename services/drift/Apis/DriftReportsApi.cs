using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Drift.Model;
using MlOps.Drift.Reports;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Drift.Apis;

public static class DriftReportsApi
{
    public static IEndpointRouteBuilder MapDriftReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapTenantReadApi<DriftReportResponse, Guid>("/reports", "DriftReport", DriftReportResponse.SelectFrom, "id", x => x.Id);
        reports.MapGet("/{id:guid}/json", GetDocument).WithName("GetDriftReportDocument")
            .WithSummary("The full report: every column's tests, decision, threshold and reference/current shares per bin.");
        reports.MapGet("/{id:guid}/html", GetHtml).WithName("GetDriftReportHtml")
            .WithSummary("The report as a page with charts: each column's reference vs current distribution and the version's drift over time.");
        app.MapTenantReadApi<PerformanceReportResponse, Guid>("/performance-reports", "PerformanceReport", PerformanceReportResponse.SelectFrom, "id", x => x.Id);
        app.MapGet("/models/{model}/versions/{version:int}/drift-history", GetHistory).WithTags("DriftReports").WithName("GetDriftHistory")
            .WithSummary("Share of drifted features and every column's drift score per evaluated window, oldest first (the latest 200).");
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDocument(Guid id, TenantId tenant, ReportStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(tenant.Value, id, cancellationToken) is { } report
            ? TypedResults.Text(report.Result.GetRawText(), "application/json")
            : TenantReadApi.NotFound("DriftReport", id);

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetHtml(Guid id, TenantId tenant, ReportStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenant.Value, id, cancellationToken) is not { } report)
        {
            return TenantReadApi.NotFound("DriftReport", id);
        }
        var history = await store.HistoryAsync(tenant.Value, report.ModelName, report.Version, cancellationToken);
        return TypedResults.Text(HtmlReport.Render(report, history), "text/html; charset=utf-8");
    }

    public static async Task<Ok<IReadOnlyList<HistoryPoint>>> GetHistory(string model, int version, TenantId tenant, ReportStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.HistoryAsync(tenant.Value, model, version, cancellationToken));
}
