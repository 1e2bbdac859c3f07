using Microsoft.AspNetCore.Http;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.ServiceDefaults.Tenancy;

/// <summary>The caller's tenant, from the identity token the gateway signed for the API key.</summary>
public sealed record TenantId(string Value)
{
    /// <summary>The header older gateways sent; the gateway strips it from client requests, services never read it.</summary>
    public const string HeaderName = "X-MlOps-Tenant";

    public static ValueTask<TenantId?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(CallerIdentity.Of(context) is { } caller ? new TenantId(caller.Tenant) : null);

    public override string ToString() => Value;
}
