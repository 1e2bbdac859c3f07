using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Tenancy;

/// <summary>The caller's tenant, set by the gateway from the authenticated API key.</summary>
public sealed record TenantId(string Value)
{
    public const string HeaderName = "X-MlOps-Tenant";

    public static ValueTask<TenantId?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<TenantId?>(new TenantId(context.Request.Headers[HeaderName].ToString()));

    public override string ToString() => Value;
}
