using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Api;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>
/// Every request but a probe must carry the gateway's signed token (401 without it) holding the scope the route needs
/// (403 naming it); /metrics answers only the scraper's credential. No header is trusted on its own.
/// </summary>
public sealed class PlatformIdentityMiddleware(RequestDelegate next, string servicePrefix)
{
    public async Task InvokeAsync(HttpContext context, PlatformTokenValidator validator, IOptions<IdentityOptions> options, IProblemDetailsService problems)
    {
        var path = context.Request.Path.Value ?? "/";
        if (context.Request.Path.StartsWithSegments("/metrics"))
        {
            if (!MetricsCredential.IsHeldBy(context.Request, options.Value.MetricsCredential))
            {
                await Refuse(context, problems, StatusCodes.Status401Unauthorized, "/metrics answers only the scraper's credential (MlOps:Identity:MetricsCredential) as a bearer token.");
                return;
            }
            await next(context);
            return;
        }
        var required = ScopeTable.Required(servicePrefix, context.Request.Method, path);
        if (required == ScopeTable.Anyone)
        {
            await next(context);
            return;
        }
        var token = BearerToken.Read(context.Request);
        if (token is null)
        {
            await Refuse(context, problems, StatusCodes.Status401Unauthorized,
                "This service answers only requests the gateway signed: call it through the gateway with an API key.");
            return;
        }
        var (caller, error) = await validator.ValidateAsync(token, context.RequestAborted);
        if (caller is null)
        {
            await Refuse(context, problems, StatusCodes.Status401Unauthorized, $"The identity token was refused: {error}.");
            return;
        }
        if (!caller.Has(required))
        {
            await problems.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Missing scope",
                $"{context.Request.Method} {path} needs the scope '{required}', which this key does not hold.");
            return;
        }
        context.Features.Set(caller);
        // The request's spans carry its tenant from the signed identity, never from a header.
        MlOps.ServiceDefaults.Tracing.SpanTenant.Stamp(System.Diagnostics.Activity.Current, caller.Tenant, caller.Subject);
        context.User = caller.ToPrincipal("mlops-gateway");
        await next(context);
    }

    private static ValueTask Refuse(HttpContext context, IProblemDetailsService problems, int status, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return problems.WriteProblemAsync(context, status, "Unauthorized", detail);
    }
}
