using System.Diagnostics;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>
/// The tenant of a span (<c>mlops.tenant</c>): stamped on a request's server span from its signed identity and copied to every
/// span started under it, so a GenAI span exported to the tracer names the tenant it was made for.
/// </summary>
public static class SpanTenant
{
    public const string Attribute = "mlops.tenant";

    /// <summary>Marks the span (and, through <see cref="SpanTenantProcessor"/>, its future children) as the tenant's.</summary>
    public static void Stamp(Activity? activity, string tenant) => activity?.SetTag(Attribute, tenant);

    /// <summary>The tenant a span was stamped with, if any.</summary>
    public static string? Of(Activity activity) => activity.GetTagItem(Attribute) as string;
}
