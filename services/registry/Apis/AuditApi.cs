using MlOps.Registry.Model;
using MlOps.ServiceDefaults.Api;

namespace MlOps.Registry.Apis;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<AuditEntryResponse, Guid>("/audit", "AuditEntry", AuditEntryResponse.SelectFrom, "id", e => e.Id);
        return app;
    }
}
