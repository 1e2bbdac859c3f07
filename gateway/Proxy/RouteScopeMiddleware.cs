using MlOps.Gateway.Authentication;
using MlOps.Gateway.Llm.Endpoints;
using MlOps.OpenAi;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using Yarp.ReverseProxy.Model;

namespace MlOps.Gateway.Proxy;

/// <summary>
/// The edge's half of the scope table: a proxied request needs the scope its service, method and path call for (403 naming
/// it); the OpenAI-compatible routes are reachable only at /v1, under a virtual key's policy, never through /api.
/// </summary>
public sealed class RouteScopeMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    private static readonly string[] LlmRoutes = ["/v1/chat/completions", "/v1/embeddings"];

    public async Task InvokeAsync(HttpContext context)
    {
        var routeId = context.GetReverseProxyFeature().Route.Config.RouteId;
        var held = context.User.FindAll(GatewayClaims.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (routeId == LlmPolicyMiddleware.RouteId)
        {
            if (!held.Contains(PlatformScopes.Llm))
            {
                await new OpenAiError(403, "This API key is not a virtual key: the /v1 routes need a key created with POST /admin/llm-keys.",
                    "permission_error", "not_a_virtual_key").WriteAsync(context.Response);
                return;
            }
            // The policy reads JSON bodies; anything else is refused here in the shape the OpenAI SDKs read.
            if (HttpMethods.IsPost(context.Request.Method) && !context.Request.HasJsonContentType())
            {
                await new OpenAiError(415, "Send the request body as JSON (Content-Type: application/json).", "invalid_request_error",
                    "unsupported_media_type").WriteAsync(context.Response);
                return;
            }
            // Exactly the routes the LLM policy reads: a variant spelling would reach the service under another policy reading.
            if (!LlmRoutes.Contains(context.Request.Path.Value ?? ""))
            {
                await new OpenAiError(404, $"Unknown route {context.Request.Path}: the gateway serves POST {string.Join(" and ", LlmRoutes)}.",
                    "invalid_request_error", "unknown_route").WriteAsync(context.Response);
                return;
            }
            await next(context);
            return;
        }
        if (!PlatformScopes.ServicePrefixes.TryGetValue(routeId, out var prefix))
        {
            await problems.WriteProblemAsync(context, StatusCodes.Status404NotFound, "Not found", "No service is routed here.");
            return;
        }
        var path = context.Request.Path.Value.AsSpan()[("/api/" + routeId).Length..];
        var required = ScopeTable.Required(prefix, context.Request.Method, path);
        if (required == PlatformScopes.Llm)
        {
            await problems.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Use the /v1 route",
                $"The OpenAI-compatible routes are served only at {path}, under a virtual key's budget, limits and output guard.");
            return;
        }
        if (required != ScopeTable.Anyone && !PlatformScopes.Grants(held, required))
        {
            await problems.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Missing scope",
                $"{context.Request.Method} {context.Request.Path} needs the scope '{required}', which this key does not hold.");
            return;
        }
        await next(context);
    }
}
