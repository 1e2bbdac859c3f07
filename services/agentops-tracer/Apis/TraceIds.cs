using Microsoft.AspNetCore.Http.HttpResults;

namespace MlOps.AgentOpsTracer.Apis;

/// <summary>Trace ids in routes: 32 hexadecimal characters, as OTLP/JSON and W3C traceparent write them.</summary>
public static class TraceIds
{
    public static byte[]? Parse(string traceId) =>
        traceId.Length == 32 && traceId.All(char.IsAsciiHexDigit) ? Convert.FromHexString(traceId) : null;

    public static ProblemHttpResult Invalid() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid trace id",
        detail: "A trace id is 32 hexadecimal characters, as OTLP/JSON and W3C traceparent write it.");
}
