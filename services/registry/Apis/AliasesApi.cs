using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Registry.Model;
using MlOps.Registry.Services;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Registry.Apis;

public static class AliasesApi
{
    public static IEndpointRouteBuilder MapAliasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/models/{name}/aliases").WithTags("Aliases");
        api.MapGet("/{alias}", ResolveAlias).WithName("ResolveAlias").WithSummary("The version an alias points to (ETag: the alias revision).");
        api.MapPut("/{alias}", SetAlias).ProducesValidationProblem().WithName("SetAlias")
            .WithSummary("Points an alias at a version; If-Match: \"<revision>\" makes it conditional (409 when stale). champion needs registry:promote and passes the promotion gate and readiness checks (422 naming each failed check; an admin key may send " +
                "override: {reason} in the body to move it anyway, audited).");
        api.MapDelete("/{alias}", RemoveAlias).WithName("RemoveAlias").WithSummary("Removes an alias.");
        return app;
    }

    public static async Task<Results<Ok<ModelVersionResponse>, ProblemHttpResult>> ResolveAlias(string name, string alias, TenantId tenant, NpgsqlDataSource db,
        HttpResponse response, CancellationToken cancellationToken)
    {
        if (await db.FindAliasedVersionAsync(tenant.Value, name, alias, cancellationToken) is not { } found)
        {
            return RegistryProblems.Problem(StatusCodes.Status404NotFound, "Alias not found", $"Model '{name}' has no alias '{alias}' for this tenant.");
        }
        response.Headers.ETag = Quote(found.Revision);
        return TypedResults.Ok(found.Version.ToResponse());
    }

    public static async Task<Results<Ok<AliasResponse>, ProblemHttpResult>> SetAlias(string name, string alias, SetAliasRequest request, HttpRequest httpRequest,
        HttpResponse response, TenantId tenant, RegistryCaller caller, AliasMover aliases, CancellationToken cancellationToken)
    {
        var (move, problem) = await MoveAsync(name, alias, request.Version, request.Override, httpRequest, tenant, caller, aliases, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        response.Headers.ETag = Quote(move!.Alias!.Revision);
        return TypedResults.Ok(move.Alias);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAlias(string name, string alias, HttpRequest httpRequest,
        TenantId tenant, RegistryCaller caller, AliasMover aliases, CancellationToken cancellationToken) =>
        (await MoveAsync(name, alias, null, null, httpRequest, tenant, caller, aliases, cancellationToken)).Problem is { } problem ? problem : TypedResults.NoContent();

    private static async Task<(AliasMove? Move, ProblemHttpResult? Problem)> MoveAsync(string name, string alias, int? version, GateOverride? gateOverride,
        HttpRequest httpRequest,
        TenantId tenant, RegistryCaller caller, AliasMover aliases, CancellationToken cancellationToken)
    {
        if (!Names.Alias().IsMatch(alias))
        {
            return (null, RegistryProblems.Invalid("alias", $"Alias '{alias}' must be 1-63 characters: lowercase letters, digits, '_', '-', starting with a letter."));
        }
        var scope = alias == AliasMover.Champion ? RegistryCaller.PromoteScope : RegistryCaller.WriteScope;
        if (!caller.Has(scope))
        {
            return (null, RegistryProblems.MissingScope(scope));
        }
        long? expected = null;
        var ifMatch = httpRequest.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0)
        {
            if (!long.TryParse(ifMatch.Trim('"', 'W', '/'), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                return (null, RegistryProblems.Invalid("If-Match", "If-Match must be the alias revision from its ETag, e.g. \"3\"."));
            }
            expected = revision;
        }
        if (OverrideProblem(alias, gateOverride, httpRequest, caller) is { } refused)
        {
            return (null, refused);
        }
        var move = await aliases.MoveAsync(tenant.Value, name, alias, version, expected, gateOverride, caller, cancellationToken);
        ProblemHttpResult? problem = move.Outcome switch
        {
            AliasMoveOutcome.ModelNotFound => RegistryProblems.ModelNotFound(name),
            AliasMoveOutcome.VersionNotFound => RegistryProblems.VersionNotFound(name, version ?? 0),
            AliasMoveOutcome.AliasNotFound => RegistryProblems.Problem(StatusCodes.Status404NotFound, "Alias not found", $"Model '{name}' has no alias '{alias}'."),
            AliasMoveOutcome.RevisionMismatch => RegistryProblems.Problem(StatusCodes.Status409Conflict, "Alias moved concurrently",
                $"Alias '{alias}' is at revision {move.CurrentRevision?.ToString(CultureInfo.InvariantCulture) ?? "none"}, not {expected}; read it again and retry."),
            AliasMoveOutcome.GateFailed => GateFailed(name, version ?? 0, move.Checks!),
            _ => null,
        };
        return (move, problem);
    }

    // An override is an admin's decision about champion, with a reason for the audit log; the old ?override=true had none. Whether it
    // is allowed depends on the route and the caller, so it is checked here.
    private static ProblemHttpResult? OverrideProblem(string alias, GateOverride? gateOverride, HttpRequest httpRequest, RegistryCaller caller)
    {
        if (httpRequest.Query.ContainsKey("override"))
        {
            return RegistryProblems.Invalid("override", "Send the override in the body with a reason: {\"version\":N,\"override\":{\"reason\":\"...\"}}.");
        }
        if (gateOverride is null)
        {
            return null;
        }
        if (alias != AliasMover.Champion)
        {
            return RegistryProblems.Invalid("override", $"Only champion moves pass a gate; '{alias}' has none to override.");
        }
        // The reason's own rules (present, at most GateOverride.MaxReasonLength) are AddValidation's.
        return caller.IsAdmin ? null : RegistryProblems.MissingScope(PlatformScopes.Admin);
    }

    private static ProblemHttpResult GateFailed(string name, int version, IReadOnlyList<GateCheck> checks) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Promotion gate failed",
            detail: $"Version {version} of '{name}' cannot become champion: " + string.Join("; ", checks.Where(c => !c.Passed).Select(c => $"{c.Check} ({c.Detail})")),
            extensions: new Dictionary<string, object?> { ["checks"] = checks });

    private static string Quote(long revision) => $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";
}
