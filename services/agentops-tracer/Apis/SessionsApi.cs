using MlOps.AgentOpsTracer.Model;
using MlOps.ServiceDefaults.Api;

namespace MlOps.AgentOpsTracer.Apis;

public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<AgentSessionResponse, Guid>("/sessions", "Session", AgentSessionResponse.SelectFrom, "id", x => x.Id);
        return app;
    }
}
