using System.Diagnostics;
using OpenTelemetry;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>
/// Copies the nearest in-process ancestor's <see cref="SpanTenant"/> (tenant and key) onto each span as it starts (an ancestor this provider
/// does not record breaks no chain); a remote parent's claim is never read.
/// </summary>
public sealed class SpanTenantProcessor : BaseProcessor<Activity>
{
    // Deeper than any request's span tree: the walk stays bounded even for a pathological chain.
    private const int MaxDepth = 64;

    public override void OnStart(Activity data)
    {
        if (SpanTenant.Of(data) is not null)
        {
            return;
        }
        var ancestor = data.Parent;
        for (var depth = 0; ancestor is not null && depth < MaxDepth; depth++, ancestor = ancestor.Parent)
        {
            if (SpanTenant.Of(ancestor) is { } tenant)
            {
                SpanTenant.Stamp(data, tenant);
                data.SetTag(SpanTenant.KeyAttribute, ancestor.GetTagItem(SpanTenant.KeyAttribute));
                return;
            }
        }
    }
}
