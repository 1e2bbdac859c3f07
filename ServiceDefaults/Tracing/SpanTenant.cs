using System.Diagnostics;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>
/// The tenant of a span (<c>mlops.tenant</c>) and the gateway key it was made for (<c>mlops.key_id</c>): stamped on a request's
/// server span from its signed identity and copied to every span started under it, so a GenAI span exported to the tracer
/// names the tenant (and key, which an anomaly's runbook throttles) it was made for.
/// </summary>
public static class SpanTenant
{
    public const string Attribute = "mlops.tenant";
    public const string KeyAttribute = "mlops.key_id";

    /// <summary>Marks the span (and, through <see cref="SpanTenantProcessor"/>, its future children) as the tenant's.</summary>
    public static void Stamp(Activity? activity, string tenant) => activity?.SetTag(Attribute, tenant);

    /// <summary>The same for a tenant's key: its id when the subject is one (a service's subject names no key).</summary>
    public static void Stamp(Activity? activity, string tenant, string subject)
    {
        Stamp(activity, tenant);
        if (Guid.TryParse(subject, out var key))
        {
            activity?.SetTag(KeyAttribute, key.ToString());
        }
    }

    /// <summary>The tenant a span was stamped with, if any.</summary>
    public static string? Of(Activity activity) => activity.GetTagItem(Attribute) as string;
}
