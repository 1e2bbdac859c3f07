using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Definitions;
using MlOps.Incident.Notifications;
using MlOps.Incident.Rules;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Incident.Apis;

/// <summary>The tenant's alert rules; every change is a new version.</summary>
public static class RulesApi
{
    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/rules").WithTags("Rules").WithShippedDefinitions();
        rules.MapGet("/", async (TenantId tenant, RuleStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(tenant.Value, ct)))
            .WithName("ListRules").WithSummary("The tenant's rules, each at its latest version, with its definition as JSON.");
        rules.MapGet("/{name}", GetRule).WithName("GetRule").WithSummary("A rule's latest version.");
        rules.MapGet("/{name}/versions", async Task<Results<Ok<IReadOnlyList<DefinitionVersion>>, ProblemHttpResult>> (string name, TenantId tenant, RuleStore store,
                CancellationToken ct) => await store.VersionsAsync(tenant.Value, name, ct) is { Count: > 0 } versions ? TypedResults.Ok(versions) : RuleNotFound(name))
            .WithName("ListDefinitionVersions").WithSummary("Every version of a rule, newest first; a deletion is a version without a definition.");
        rules.MapPut("/{name}", PutRule).ProducesValidationProblem().WithName("PutRule").WithSummary("Creates or replaces a rule (validated); stores a new version.");
        rules.MapDelete("/{name}", async Task<Results<NoContent, ProblemHttpResult>> (string name, TenantId tenant, CallerIdentity caller, RuleStore store,
                CancellationToken ct) => await store.DeleteAsync(tenant.Value, name, caller.Subject, ct) ? TypedResults.NoContent() : RuleNotFound(name))
            .WithName("DeleteRule").WithSummary("Deletes a rule; its versions stay listed.");
        return app;
    }

    public static async Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> GetRule(string name, TenantId tenant, RuleStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(tenant.Value, name, cancellationToken) is { } rule ? TypedResults.Ok(rule) : RuleNotFound(name);

    public static async Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> PutRule(string name, AlertRule rule, TenantId tenant, CallerIdentity caller,
        RuleStore store, Runbooks.RunbookStore runbooks, ChannelStore channels, CancellationToken cancellationToken)
    {
        if (rule.Name != name)
        {
            return Invalid($"name: the body names '{rule.Name}' but the route names '{name}'.");
        }
        if (await channels.FirstMissingAsync(tenant.Value, rule.Channels, cancellationToken) is { } missing)
        {
            return Invalid($"channels[{missing}]: the tenant has no channel named '{rule.Channels[missing]}'; create it with PUT /channels/{rule.Channels[missing]}.");
        }
        if (rule.Runbook is { } runbook && await runbooks.GetAsync(tenant.Value, runbook, cancellationToken) is null)
        {
            return Invalid($"runbook: the tenant has no runbook named '{runbook}'.");
        }
        return await store.PutAsync(tenant.Value, name, rule, caller.Subject, cancellationToken) is { } stored
            ? TypedResults.Ok(stored)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many rules",
                detail: $"A tenant has at most {store.MaxPerTenant} rules; delete one first.");
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid rule", detail: detail);

    private static ProblemHttpResult RuleNotFound(string name) => TenantReadApi.NotFound("Rule", name);
}
