using MlOps.Gateway.Authentication;
using MlOps.ServiceDefaults.Tenancy;
using Yarp.ReverseProxy.Transforms;

namespace MlOps.Gateway.Proxy;

/// <summary>Replaces whatever identity headers the client sent with the ones its key proves, and keeps the key itself away from services.</summary>
public static class IdentityHeaders
{
    public const string KeyIdHeader = "X-MlOps-Key-Id";
    public const string ScopesHeader = "X-MlOps-Scopes";

    public static ValueTask ApplyAsync(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        headers.Remove(TenantId.HeaderName);
        headers.Remove(KeyIdHeader);
        headers.Remove(ScopesHeader);
        headers.Authorization = null;
        headers.Remove(ApiKeyAuthenticationHandler.ApiKeyHeader);

        var user = context.HttpContext.User;
        headers.TryAddWithoutValidation(TenantId.HeaderName, user.FindFirst(GatewayClaims.Tenant)?.Value);
        headers.TryAddWithoutValidation(KeyIdHeader, user.FindFirst(GatewayClaims.KeyId)?.Value);
        headers.TryAddWithoutValidation(ScopesHeader, string.Join(' ', user.FindAll(GatewayClaims.Scope).Select(c => c.Value)));
        return ValueTask.CompletedTask;
    }
}
