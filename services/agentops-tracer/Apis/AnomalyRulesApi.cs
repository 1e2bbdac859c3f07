using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.AgentOpsTracer.Anomalies;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.AgentOpsTracer.Apis;

public static class AnomalyRulesApi
{
    public static IEndpointRouteBuilder MapAnomalyRulesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/anomaly-rules").WithTags("Anomaly rules");
        group.MapGet("/", GetRules).WithName("GetAnomalyRules")
            .WithSummary("The tenant's anomaly rules (the configured defaults until it sets its own).");
        group.MapPut("/", PutRules).ProducesValidationProblem().WithName("PutAnomalyRules")
            .WithSummary("Sets the tenant's anomaly rules (scope traces:policy): tool loop repeats, session token and cost caps (null for none), error burst count "
                + "and window, and the latency objective of one model call in ms (null for none).");
        return app;
    }

    public static async Task<Ok<AnomalyRules>> GetRules(TenantId tenant, AnomalyRuleStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetAsync(tenant.Value, cancellationToken));

    public static async Task<Ok<AnomalyRules>> PutRules(AnomalyRules rules, TenantId tenant, AnomalyRuleStore store,
        CancellationToken cancellationToken)
    {
        await store.PutAsync(tenant.Value, rules, cancellationToken);
        return TypedResults.Ok(rules);
    }
}
