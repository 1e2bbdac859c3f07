using MlOps.Drift.Model;
using MlOps.ServiceDefaults.Api;

namespace MlOps.Drift.Apis;

public static class DriftReportsApi
{
    public static IEndpointRouteBuilder MapDriftReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<DriftReportResponse, Guid>("/reports", "DriftReport", DriftReportResponse.SelectFrom, "id", x => x.Id);
        return app;
    }
}
