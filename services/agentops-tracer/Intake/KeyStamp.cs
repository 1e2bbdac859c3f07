using MlOps.ServiceDefaults.Identity;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Stamps each span with the gateway key that exported it (<c>mlops.key_id</c>, from the caller's signed identity) and strips a
/// sender's own value of it: an anomaly names the key to throttle, and a sender must not be able to name another one. The
/// platform's own exporters are the exception: their spans name the key of the request they were made for (stamped from
/// its signed identity, as their <c>mlops.tenant</c>), kept when it is a key id.
/// </summary>
internal static class KeyStamp
{
    public const string Attribute = "mlops.key_id";

    public static void Apply(ExportTraceServiceRequest export, CallerIdentity? caller)
    {
        if (SpanTenants.TrustsStamps(caller))
        {
            KeepValidStamps(export);
            return;
        }
        // A gateway key's subject is its id; a service's ("service:...") names no key.
        var key = caller is { IsService: false } && Guid.TryParse(caller.Subject, out var id) ? id.ToString() : null;
        foreach (var span in export.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            for (var i = span.Attributes.Count - 1; i >= 0; i--)
            {
                if (span.Attributes[i].Key == Attribute)
                {
                    span.Attributes.RemoveAt(i);
                }
            }
            if (key is not null)
            {
                // First, so the attribute size cap never drops it.
                span.Attributes.Insert(0, new KeyValue { Key = Attribute, Value = new AnyValue { StringValue = key } });
            }
        }
    }

    private static void KeepValidStamps(ExportTraceServiceRequest export)
    {
        foreach (var span in export.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            for (var i = span.Attributes.Count - 1; i >= 0; i--)
            {
                if (span.Attributes[i].Key == Attribute && !Guid.TryParse(span.Attributes[i].Value?.StringValue, out _))
                {
                    span.Attributes.RemoveAt(i);
                }
            }
        }
    }
}
