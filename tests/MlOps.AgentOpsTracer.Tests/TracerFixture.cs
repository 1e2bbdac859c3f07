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
    public const int MaxReplaySteps = 40;

    public ServiceFactory<SessionResponse> Factory { get; } = new("tracerdb", new Dictionary<string, string>
    {
        ["MlOps:Tracer:Intake:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MlOps:Tracer:Intake:MaxDecompressedBytes"] = MaxDecompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MlOps:Tracer:Intake:MaxConcurrentWrites"] = "1",
        ["MlOps:Tracer:Intake:MaxQueuedWrites"] = "0",
        ["MlOps:Tracer:Prices:gpt-4o:Input"] = "2.5",
        ["MlOps:Tracer:Prices:gpt-4o:Output"] = "10",
        ["MlOps:Tracer:Prices:gpt-4o:CachedInput"] = "1.25",
        ["MlOps:Tracer:Prices:claude-sonnet:Input"] = "3",
        ["MlOps:Tracer:Prices:claude-sonnet:Output"] = "15",
        ["MlOps:Tracer:Anomalies:PollInterval"] = "00:00:00.200",
        // RetentionTests drive the job with a fake clock; a hosted pass at the real time would hold its lock meanwhile.
        ["MlOps:Tracer:Retention:Enabled"] = "false",
        ["MlOps:Tracer:Reading:MaxReplaySteps"] = MaxReplaySteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public HttpClient Client(string tenant, params string[] scopes) => Factory.CreateClient().Authorize(tenant, scopes.Length == 0 ? ["traces:write"] : scopes);

    /// <summary>Exports spans as the tenant's agent would (protobuf) and checks they were all accepted.</summary>
    public async Task ExportAsync(string tenant, params OpenTelemetry.Proto.Trace.V1.Span[] spans)
    {
        var body = Body(Google.Protobuf.MessageExtensions.ToByteArray(Otlp.Request("agent-svc", spans)), "application/x-protobuf");
        var response = await Client(tenant).PostAsync("/v1/traces", body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until the anomaly detector has evaluated everything the session's last export touched.</summary>
    public async Task WaitUntilEvaluatedAsync(string tenant, string session)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await Eventually.WaitAsync(() => connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM touched_sessions WHERE tenant_id = @tenant AND session_id = @session", new { tenant, session }),
            n => n == 0, $"session {session} to be evaluated");
    }

    /// <summary>The AgentAnomalyDetected payloads written to the outbox for a tenant, as JSON.</summary>
    public async Task<IReadOnlyList<System.Text.Json.JsonElement>> AnomaliesAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        var payloads = await connection.QueryAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE message_type = 'MlOps.Contracts.AgentAnomalyDetected' AND payload->>'tenantId' = @tenant "
            + "ORDER BY created_at", new { tenant });
        return payloads.Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }

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
