using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.GuardrailGateway.Model;
using MlOps.GuardrailGateway.Policies;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.GuardrailGateway.Apis;

public static class PoliciesApi
{
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var policies = app.MapTenantReadApi<PolicyResponse, string>("/policies", "Policy", PolicyResponse.SelectFrom, "name", x => x.Id);
        policies.MapPut("/{name}", PutPolicy).ProducesValidationProblem().WithName("PutPolicy")
            .WithSummary("Creates or replaces a policy: default action, scanners, per-scanner thresholds and actions, allow/deny lists, custom patterns, PII kinds, anonymizer.");
        policies.MapDelete("/{name}", DeletePolicy).WithName("DeletePolicy").WithSummary("Deletes a policy; a tenant without a 'default' policy gets the built-in one.");
        return app;
    }

    public static async Task<Results<Created<PolicyResponse>, Ok<PolicyResponse>, ProblemHttpResult>> PutPolicy(
        string name, PolicyRequest request, TenantId tenant, PolicyStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return Invalid("The policy name must be 1 to 100 characters.");
        }
        var action = request.Action ?? "block";
        var scanners = request.Scanners is { Count: > 0 } chosen ? chosen.Distinct().ToList() : [.. Policy.KnownScanners];
        var created = await store.UpsertAsync(tenant.Value, name, action, scanners, request.ToSettings(), cancellationToken);
        var policy = (await store.GetAsync(tenant.Value, name, cancellationToken))!;
        var response = new PolicyResponse { Id = policy.Id, Name = name, Action = action, Scanners = [.. scanners], CreatedAt = policy.UpdatedAt };
        return created ? TypedResults.Created($"/policies/{Uri.EscapeDataString(name)}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeletePolicy(string name, TenantId tenant, PolicyStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(tenant.Value, name, cancellationToken) ? TypedResults.NoContent() : TenantReadApi.NotFound("Policy", name);

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid policy", detail: detail);
}
