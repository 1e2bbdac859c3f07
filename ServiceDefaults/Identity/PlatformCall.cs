namespace MlOps.ServiceDefaults.Identity;

/// <summary>Marks a request to another service with the identity it travels under: a caller's token, or this service's for a tenant.</summary>
public static class PlatformCall
{
    internal static readonly HttpRequestOptionsKey<string> TenantKey = new("mlops.tenant");
    internal static readonly HttpRequestOptionsKey<string> OnBehalfOfKey = new("mlops.on-behalf-of");

    /// <summary>Sent under this service's own identity, acting in <paramref name="tenant"/>.</summary>
    public static HttpRequestMessage AsService(this HttpRequestMessage request, string tenant)
    {
        request.Options.Set(TenantKey, tenant);
        return request;
    }

    /// <summary>Sent with the caller's own token, so the callee decides with the caller's scopes (no confused deputy).</summary>
    public static HttpRequestMessage OnBehalfOf(this HttpRequestMessage request, CallerIdentity caller)
    {
        request.Options.Set(TenantKey, caller.Tenant);
        request.Options.Set(OnBehalfOfKey, caller.Token ?? throw new InvalidOperationException("The caller has no token to pass on."));
        return request;
    }
}
