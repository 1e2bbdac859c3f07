using MlOps.GuardrailGateway.Model;
using MlOps.ServiceDefaults.Api;

namespace MlOps.GuardrailGateway.Apis;

public static class PoliciesApi
{
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        app.MapTenantReadApi<PolicyResponse, string>("/policies", "Policy", PolicyResponse.SelectFrom, "name", x => x.Id);
        return app;
    }
}
