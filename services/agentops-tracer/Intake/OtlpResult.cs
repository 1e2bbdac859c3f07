using Google.Protobuf;
using Google.Rpc;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// An OTLP/HTTP answer: ExportTraceServiceResponse on 200, google.rpc.Status on every 4xx and 5xx (what the OTLP
/// specification asks instead of ProblemDetails, so exporters can read it), in the request's encoding.
/// </summary>
internal sealed class OtlpResult(int statusCode, IMessage body, OtlpEncoding encoding, int? retryAfterSeconds = null) : IResult
{
    public int StatusCode => statusCode;

    public static OtlpResult Accepted(OtlpEncoding encoding, long rejected, string? reason) => new(
        StatusCodes.Status200OK,
        rejected == 0
            ? new ExportTraceServiceResponse()
            : new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = reason ?? "" } },
        encoding);

    public static OtlpResult Error(int statusCode, string message, OtlpEncoding encoding, int? retryAfterSeconds = null) =>
        new(statusCode, new Status { Code = GrpcCode(statusCode), Message = message }, encoding, retryAfterSeconds);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (encoding == OtlpEncoding.Json)
        {
            response.ContentType = "application/json";
            // Neither message has ids or enums, so protobuf's JSON form is also valid OTLP/JSON.
            await response.WriteAsync(JsonFormatter.Default.Format(body), httpContext.RequestAborted);
        }
        else
        {
            response.ContentType = "application/x-protobuf";
            await response.Body.WriteAsync(body.ToByteArray(), httpContext.RequestAborted);
        }
    }

    // google.rpc.Code for the HTTP status, as gRPC's HTTP mapping has it.
    private static int GrpcCode(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType => 3,
        StatusCodes.Status413PayloadTooLarge or StatusCodes.Status429TooManyRequests => 8,
        StatusCodes.Status503ServiceUnavailable => 14,
        _ => 2,
    };
}
