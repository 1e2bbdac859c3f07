using MlOps.Gateway.Authentication;
using MlOps.Gateway.Identity;
using MlOps.Gateway.Llm.Admission;
using MlOps.ServiceDefaults.Tenancy;
using Yarp.ReverseProxy.Transforms;

namespace MlOps.Gateway.Proxy;

/// <summary>Replaces whatever credentials the client sent with the gateway's signed token for its key; the key never reaches services.</summary>
public static class IdentityHeaders
{
    // Headers older gateways trusted; removed so no service or log ever sees a client's claim of them.
    private static readonly string[] Legacy = [TenantId.HeaderName, "X-MlOps-Key-Id", "X-MlOps-Scopes"];

    public static ValueTask ApplyAsync(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        foreach (var header in Legacy)
        {
            headers.Remove(header);
        }
        headers.Remove(ApiKeyAuthenticationHandler.ApiKeyHeader);

        var user = context.HttpContext.User;
        var keyId = user.FindFirst(GatewayClaims.KeyId)!.Value;
        var scopes = user.FindAll(GatewayClaims.Scope).Select(c => c.Value).ToArray();
        var token = context.HttpContext.RequestServices.GetRequiredService<ForwardedTokens>()
            .For(keyId, user.FindFirst(GatewayClaims.Tenant)!.Value, scopes, context.HttpContext.Features.Get<KeyInputGuard>()?.Mode);
        headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return ValueTask.CompletedTask;
    }
}
