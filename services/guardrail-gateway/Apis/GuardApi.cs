using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.GuardrailGateway.Guarding;
using MlOps.GuardrailGateway.Policies;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.GuardrailGateway.Apis;

public static class GuardApi
{
    public static IEndpointRouteBuilder MapGuardApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/guard/scan", Scan).ProducesValidationProblem().WithTags("Guard").WithName("GuardScan")
            .WithSummary("Scans a text or chat messages with a policy: findings, the verdict (allow/flag/redact/block) and the redacted text; blocks and flags publish GuardrailViolated.");
        return app;
    }

    public static async Task<Results<Ok<ScanResponse>, ProblemHttpResult>> Scan(
        ScanRequest request, TenantId tenant, PolicyStore policies, GuardService guard, ViolationPublisher violations, CancellationToken cancellationToken)
    {
        var texts = request.Texts();
        var name = request.Policy ?? "default";
        var policy = await policies.GetAsync(tenant.Value, name, cancellationToken) ?? (name == "default" ? Policy.BuiltInDefault : null);
        if (policy is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Policy not found", detail: $"No policy '{name}' exists for this tenant.");
        }
        var result = guard.Scan(policy, tenant.Value, texts);
        await violations.PublishIfViolatedAsync(tenant.Value, result, texts.Select(t => t.Text), cancellationToken);
        return TypedResults.Ok(result);
    }
}
