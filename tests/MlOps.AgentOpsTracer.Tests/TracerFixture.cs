using System.Net.Http.Headers;
using Dapper;
using MlOps.AgentOpsTracer.Model;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>The tracer in-process on its own database, with small intake limits so the 413 cases stay small.</summary>
public sealed class TracerFixture : IAsyncLifetime
{
    public const long MaxBodyBytes = 64 * 1024;
    public const long MaxDecompressedBytes = 256 * 1024;

    public ServiceFactory<SessionResponse> Factory { get; } = new("tracerdb", new Dictionary<string, string>
    {
        ["MlOps:Tracer:Intake:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MlOps:Tracer:Intake:MaxDecompressedBytes"] = MaxDecompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MlOps:Tracer:Intake:MaxConcurrentWrites"] = "1",
        ["MlOps:Tracer:Intake:MaxQueuedWrites"] = "0",
    });

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public HttpClient Client(string tenant, params string[] scopes) => Factory.CreateClient().Authorize(tenant, scopes.Length == 0 ? ["traces:write"] : scopes);

    public static ByteArrayContent Body(byte[] bytes, string contentType, bool gzip = false)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }
        return content;
    }

    public async Task<IReadOnlyList<StoredSpan>> SpansAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        var rows = await connection.QueryAsync<StoredSpan>(
            """
            SELECT tenant_id AS TenantId, encode(trace_id, 'hex') AS TraceId, encode(span_id, 'hex') AS SpanId,
                   encode(parent_span_id, 'hex') AS ParentSpanId, name AS Name, kind AS Kind, service_name AS ServiceName,
                   start_time AS StartTime, end_time AS EndTime, duration_ns AS DurationNs, status_code AS StatusCode,
                   status_message AS StatusMessage, attributes::text AS Attributes, events::text AS Events,
                   observation_type AS ObservationType, operation AS Operation, provider AS Provider, request_model AS RequestModel,
                   response_model AS ResponseModel, input_tokens AS InputTokens, output_tokens AS OutputTokens, session_id AS SessionId,
                   agent_name AS AgentName, tool_name AS ToolName, user_id AS UserId
            FROM spans WHERE tenant_id = @tenant ORDER BY start_time, name
            """, new { tenant });
        return rows.ToList();
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
