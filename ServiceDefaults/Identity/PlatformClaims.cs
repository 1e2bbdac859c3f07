namespace MlOps.ServiceDefaults.Identity;

/// <summary>Claim names of the platform's tokens: <c>sub</c> is the key id (or <c>service:&lt;name&gt;</c>), <c>scope</c> space-separated.</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Tenant = "tenant";
    public const string Scope = "scope";

    /// <summary>
    /// A virtual key's input guard (off, rules, learned) on an LLM request: decided at the edge with the key, applied once in
    /// guardrail-gateway together with the tenant's policy (the stricter wins). Signed with the rest, so no caller can lower it.
    /// </summary>
    public const string InputGuard = "input_guard";

    /// <summary>The issuer and audience every platform token carries.</summary>
    public const string Issuer = "mlops-gateway";
    public const string Audience = "mlops-services";

    /// <summary>Subjects of service identities start with this.</summary>
    public const string ServiceSubjectPrefix = "service:";
}
