using Google.Protobuf;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MlOps.AgentOpsTracer.Anomalies;
using MlOps.AgentOpsTracer.Content;
using MlOps.AgentOpsTracer.Intake;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace MlOps.AgentOpsTracer.Apis;

public static class TracesApi
{
    public static IEndpointRouteBuilder MapTracesApi(this IEndpointRouteBuilder app)
    {
        // The intake checks its own content types and limits (sent and after gzip) to answer them in OTLP's shape.
        app.MapPost("/v1/traces", Export).WithTags("Traces").WithName("ExportTraces").WithMetadata(new DisableRequestSizeLimitAttribute())
            .WithSummary("OTLP/HTTP trace intake: ExportTraceServiceRequest as protobuf or OTLP/JSON, optionally gzip; the tenant is the caller's "
                + "(for the platform's own exporters, each span's mlops.tenant).");
        return app;
    }

    internal static async Task<OtlpResult> Export(HttpRequest request, TenantId tenant, CallerIdentity? caller, SpanMapper mapper, SpanWriter writer,
        WriteGate gate, IOptions<IntakeOptions> options, ContentPolicyStore policies, AnomalyWake anomalies, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(TracesApi));
        if (EncodingOf(request.ContentType) is not { } encoding)
        {
            // No encoding of the request to answer in: JSON, which a person or any client can read.
            return Refuse(logger, StatusCodes.Status415UnsupportedMediaType,
                "Content-Type must be application/x-protobuf or application/json", OtlpEncoding.Json);
        }
        var contentEncoding = request.Headers.ContentEncoding.ToString();
        var gzip = string.Equals(contentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && contentEncoding is not ("" or "identity"))
        {
            return Refuse(logger, StatusCodes.Status415UnsupportedMediaType, "Content-Encoding must be gzip or none", encoding);
        }
        ExportTraceServiceRequest export;
        try
        {
            var body = await OtlpBodyReader.ReadAsync(request, gzip, options.Value, cancellationToken);
            export = encoding == OtlpEncoding.Json ? OtlpJsonReader.Read(body) : ExportTraceServiceRequest.Parser.ParseFrom(body.Span);
        }
        catch (OtlpBodyTooLargeException e)
        {
            return Refuse(logger, StatusCodes.Status413PayloadTooLarge, e.Message, encoding);
        }
        catch (Exception e) when (e is OtlpFormatException or InvalidProtocolBufferException)
        {
            return Refuse(logger, StatusCodes.Status400BadRequest, $"the body is not an ExportTraceServiceRequest: {e.Message}", encoding);
        }

        KeyStamp.Apply(export, caller);
        var batch = await SpanTenants.MapAsync(export, caller, tenant.Value, mapper, policies, cancellationToken);
        using var slot = await gate.TryEnterAsync(cancellationToken);
        if (slot is null)
        {
            var retryAfter = options.Value.RetryAfterSeconds;
            logger.Overloaded(retryAfter);
            return OtlpResult.Error(StatusCodes.Status503ServiceUnavailable, "the trace intake is busy; retry later", encoding, retryAfter);
        }
        var stored = await writer.WriteAsync(batch.Rows, cancellationToken);
        logger.Stored(stored, batch.Rows.Count, tenant.Value, batch.Rejected);
        anomalies.Notify();
        return OtlpResult.Accepted(encoding, batch.Rejected, batch.RejectionReason);
    }

    private static OtlpResult Refuse(ILogger logger, int statusCode, string reason, OtlpEncoding encoding)
    {
        logger.Refused(statusCode, reason);
        return OtlpResult.Error(statusCode, reason, encoding);
    }

    private static OtlpEncoding? EncodingOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) ? media.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/x-protobuf" => OtlpEncoding.Protobuf,
            "application/json" => OtlpEncoding.Json,
            _ => null,
        } : null;
}
