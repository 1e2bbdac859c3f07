using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tracing;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>
    /// Also sends this service's GenAI spans to agentops-tracer's OTLP intake (MlOps:TraceExport:Endpoint) under the service's
    /// own identity, batched through a bounded queue; nothing is exported when no endpoint is configured. The tracer never
    /// calls this: its own spans are not exported to itself.
    /// </summary>
    public static TBuilder AddPlatformTraceExport<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection(TraceExportOptions.SectionName);
        if (string.IsNullOrWhiteSpace(section[nameof(TraceExportOptions.Endpoint)]))
        {
            return builder;
        }
        builder.Services.AddOptions<TraceExportOptions>().BindConfiguration(TraceExportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Every request is recorded whatever its caller's traceparent says: a "not sampled" flag must not keep a tenant's LLM
        // calls (and the key stamps the runaway-session runbook reads) out of the tracer.
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddProcessor(services =>
        {
            var options = services.GetRequiredService<IOptions<TraceExportOptions>>().Value;
            var tokens = services.GetRequiredService<IServiceTokenSource>();
            var exporter = new OtlpTraceExporter(new OtlpExporterOptions
            {
                Endpoint = new Uri(options.Endpoint!, "/v1/traces"),
                Protocol = OtlpExportProtocol.HttpProtobuf,
                TimeoutMilliseconds = (int)options.ExportTimeout.TotalMilliseconds,
                HttpClientFactory = () => new HttpClient(new TraceExportAuthentication(tokens, options.Tenant)) { Timeout = options.ExportTimeout },
            });
            return new GenAiExportProcessor(exporter, options);
        }));
        return builder;
    }
}
