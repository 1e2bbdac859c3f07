using System.Text.RegularExpressions;
using MlOps.AgentOpsTracer.Content;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tracing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Whose spans a request carries. The platform's own exporters (gateway, guardrail-gateway, under their signed service
/// identity) send many tenants' GenAI spans in one batch, each stamped with <c>mlops.tenant</c> from its request's signed
/// identity: only for them is that attribute the tenant. Anyone else's value of it is dropped and the caller's tenant used,
/// so a tenant key cannot write into another tenant.
/// </summary>
internal static partial class SpanTenants
{
    public static bool TrustsStamps(CallerIdentity? caller) => caller is { IsService: true }
        && ServiceIdentities.TraceExporters.Contains(caller.Subject[PlatformClaims.ServiceSubjectPrefix.Length..]);

    public static async Task<MappedBatch> MapAsync(ExportTraceServiceRequest export, CallerIdentity? caller, string callerTenant, SpanMapper mapper,
        ContentPolicyStore policies, CancellationToken cancellationToken)
    {
        if (!TrustsStamps(caller))
        {
            Strip(export);
            return mapper.Map(export, callerTenant, await policies.ModeAsync(callerTenant, cancellationToken));
        }
        var (parts, rejected, reason) = Split(export);
        var rows = new List<SpanRow>();
        foreach (var (tenant, part) in parts)
        {
            // Each tenant's own content policy: one tenant's "keep" never applies to another's messages.
            var batch = mapper.Map(part, tenant, await policies.ModeAsync(tenant, cancellationToken));
            rows.AddRange(batch.Rows);
            rejected += batch.Rejected;
            reason ??= batch.RejectionReason;
        }
        return new MappedBatch(rows, rejected, reason);
    }

    private static void Strip(ExportTraceServiceRequest export)
    {
        foreach (var span in export.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            for (var i = span.Attributes.Count - 1; i >= 0; i--)
            {
                if (span.Attributes[i].Key == SpanTenant.Attribute)
                {
                    span.Attributes.RemoveAt(i);
                }
            }
        }
    }

    // The request regrouped by tenant, resource and scope kept; a span without a valid tenant belongs to no one and is rejected.
    private static (Dictionary<string, ExportTraceServiceRequest> Parts, long Rejected, string? Reason) Split(ExportTraceServiceRequest export)
    {
        var parts = new Dictionary<string, ExportTraceServiceRequest>(StringComparer.Ordinal);
        long rejected = 0;
        string? reason = null;
        foreach (var resourceSpans in export.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var byTenant = new Dictionary<string, ScopeSpans>(StringComparer.Ordinal);
                foreach (var span in scopeSpans.Spans)
                {
                    var tenant = span.Attributes.LastOrDefault(a => a.Key == SpanTenant.Attribute)?.Value?.StringValue;
                    if (tenant is null || !TenantPattern().IsMatch(tenant))
                    {
                        rejected++;
                        reason ??= $"span '{span.Name}': a platform span needs {SpanTenant.Attribute} (1-64 letters, digits, '-' or '_')";
                        continue;
                    }
                    if (!byTenant.TryGetValue(tenant, out var scope))
                    {
                        scope = new ScopeSpans { Scope = scopeSpans.Scope, SchemaUrl = scopeSpans.SchemaUrl };
                        byTenant[tenant] = scope;
                        if (!parts.TryGetValue(tenant, out var part))
                        {
                            part = new ExportTraceServiceRequest();
                            parts[tenant] = part;
                        }
                        part.ResourceSpans.Add(new ResourceSpans { Resource = resourceSpans.Resource, SchemaUrl = resourceSpans.SchemaUrl, ScopeSpans = { scope } });
                    }
                    scope.Spans.Add(span);
                }
            }
        }
        return (parts, rejected, reason);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TenantPattern();
}
