using System.Diagnostics;
using OpenTelemetry;

namespace MlOps.ServiceDefaults.Tracing;

/// <summary>Copies the in-process parent's <see cref="SpanTenant"/> onto each span as it starts; a remote parent's claim is never read.</summary>
public sealed class SpanTenantProcessor : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.Parent is { } parent && SpanTenant.Of(parent) is { } tenant && SpanTenant.Of(data) is null)
        {
            SpanTenant.Stamp(data, tenant);
        }
    }
}
