using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.AgentOpsTracer.Content;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.AgentOpsTracer.Apis;

public static class ContentPolicyApi
{
    public static IEndpointRouteBuilder MapContentPolicyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/content-policy").WithTags("Content policy");
        group.MapGet("/", GetPolicy).WithName("GetContentPolicy")
            .WithSummary("What the tracer keeps of the tenant's message contents: redact (the default), keep or drop.");
        group.MapPut("/", PutPolicy).ProducesValidationProblem().WithName("PutContentPolicy")
            .WithSummary("Sets the tenant's content mode for spans received from now on (scope traces:policy): redact replaces PII and "
                + "secrets in prompts, completions, tool arguments and results by typed placeholders; keep stores them; drop stores none.");
        return app;
    }

    public static async Task<Ok<ContentPolicy>> GetPolicy(TenantId tenant, ContentPolicyStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ContentPolicy(await store.ModeAsync(tenant.Value, cancellationToken)));

    public static async Task<Ok<ContentPolicy>> PutPolicy(ContentPolicy policy, TenantId tenant, ContentPolicyStore store,
        CancellationToken cancellationToken)
    {
        await store.PutAsync(tenant.Value, policy.Mode, cancellationToken);
        return TypedResults.Ok(policy);
    }
}
