using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Definitions;
using MlOps.Incident.Slos;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Incident.Apis;

/// <summary>The tenant's service-level objectives: every change is a new version and regenerates the tenant's Prometheus rules.</summary>
public static class SlosApi
{
    public static IEndpointRouteBuilder MapSlosApi(this IEndpointRouteBuilder app)
    {
        var slos = app.MapGroup("/slos").WithTags("SLOs");
        slos.MapGet("/", ListSlos).WithName("ListSlos").WithSummary("The tenant's objectives with their current burn (503 when Prometheus does not answer).");
        slos.MapGet("/{name}", GetSlo).WithName("GetSlo").WithSummary("An objective with its current burn rates and remaining error budget.");
        slos.MapGet("/{name}/versions", async Task<Results<Ok<IReadOnlyList<DefinitionVersion>>, ProblemHttpResult>> (string name, TenantId tenant,
                ObjectiveStore store, CancellationToken ct) => await store.VersionsAsync(tenant.Value, name, ct) is { Count: > 0 } versions
                ? TypedResults.Ok(versions) : NotFound(name))
            .WithName("ListSloVersions").WithSummary("Every version of an objective, newest first; a deletion is a version without a definition.");
        slos.MapPut("/{name}", PutSlo).ProducesValidationProblem().WithName("PutSlo").WithSummary("Creates or replaces an objective (validated) and regenerates the Prometheus rules.");
        slos.MapDelete("/{name}", DeleteSlo).WithName("DeleteSlo").WithSummary("Deletes an objective and its rules; its versions stay listed.");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<SloResponse>>, ProblemHttpResult>> ListSlos(TenantId tenant, ObjectiveStore store, SloBurn burn,
        HttpContext http, CancellationToken cancellationToken)
    {
        var stored = await store.ListAsync(tenant.Value, cancellationToken);
        var (answers, error) = await WithBurnAsync(tenant.Value, stored, burn, cancellationToken);
        return answers is not null ? TypedResults.Ok(answers) : Unavailable(http, error!);
    }

    public static async Task<Results<Ok<SloResponse>, ProblemHttpResult>> GetSlo(string name, TenantId tenant, ObjectiveStore store, SloBurn burn,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenant.Value, name, cancellationToken) is not { } stored)
        {
            return NotFound(name);
        }
        var (answers, error) = await WithBurnAsync(tenant.Value, [stored], burn, cancellationToken);
        return answers is not null ? TypedResults.Ok(answers[0]) : Unavailable(http, error!);
    }

    public static async Task<Results<Ok<DefinitionVersion>, ProblemHttpResult>> PutSlo(string name, Objective objective, TenantId tenant,
        CallerIdentity caller, ObjectiveStore store, SloRulesWriter rules, CancellationToken cancellationToken)
    {
        if (objective.Name != name)
        {
            return Invalid($"name: the body names '{objective.Name}' but the route names '{name}'.");
        }
        if (await store.PutAsync(tenant.Value, name, objective, caller.Subject, cancellationToken) is not { } stored)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many objectives",
                detail: $"A tenant has at most {store.MaxPerTenant} objectives; delete one first.");
        }
        await rules.PublishAsync(tenant.Value, cancellationToken);
        return TypedResults.Ok(stored);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSlo(string name, TenantId tenant, CallerIdentity caller, ObjectiveStore store,
        SloRulesWriter rules, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenant.Value, name, caller.Subject, cancellationToken))
        {
            return NotFound(name);
        }
        await rules.PublishAsync(tenant.Value, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<(IReadOnlyList<SloResponse>? Answers, string? Error)> WithBurnAsync(string tenant, IReadOnlyList<DefinitionVersion> stored,
        SloBurn burn, CancellationToken cancellationToken)
    {
        var objectives = stored.Select(s => s.As<Objective>()!).ToList();
        try
        {
            var reports = await burn.ReportAsync(tenant, objectives, cancellationToken);
            return (stored.Select((s, i) => new SloResponse(s.Name, s.Version, objectives[i], s.CreatedBy, s.CreatedAt, reports[i])).ToList(), null);
        }
        catch (PrometheusUnavailableException e)
        {
            return (null, e.Message);
        }
    }

    private static ProblemHttpResult Unavailable(HttpContext http, string reason)
    {
        http.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Prometheus unavailable",
            detail: $"The objectives' burn comes from Prometheus, which could not be asked: {reason}");
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid objective", detail: detail);

    private static ProblemHttpResult NotFound(string name) => TenantReadApi.NotFound("SLO", name);
}

/// <summary>An objective at its latest version, with its burn as Prometheus reports it now.</summary>
public sealed record SloResponse(string Name, int Version, Objective Definition, string CreatedBy, DateTime CreatedAt, BurnReport Burn);
