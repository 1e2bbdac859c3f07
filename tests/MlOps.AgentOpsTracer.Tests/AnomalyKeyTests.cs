using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Npgsql;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using MlOps.TestSupport;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// An anomaly names the gateway key its session's spans were exported under (the caller's signed identity), so a runbook can
/// throttle it; an mlops.key_id attribute the sender wrote itself is replaced (or dropped), never believed.
/// </summary>
public sealed class AnomalyKeyTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunawaySession_ExportedUnderAKey_AnomalyCarriesThatKeyNotTheOneTheSenderWrote()
    {
        const string Tenant = "runaway-key-a";
        var key = Guid.NewGuid();
        var forged = Guid.NewGuid();
        await TokenCapAsync(Tenant);

        await ExportAsync(Tenant, key.ToString(), Forged(Generation(Id(16, 0x81), SpanId(1), "run-k", "gpt-4o", 900, 200), forged));
        await fixture.WaitUntilEvaluatedAsync(Tenant, "run-k");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync(Tenant));
        Assert.Equal("runaway_session", anomaly.GetProperty("kind").GetString());
        Assert.Equal(key, anomaly.GetProperty("keyId").GetGuid());
        Assert.Equal([key.ToString()], await StoredKeysAsync(Tenant));
    }

    [Fact]
    public async Task RunawaySession_ExportedByAService_AnomalyHasNoKeyAndTheSendersAttributeIsDropped()
    {
        const string Tenant = "runaway-key-b";
        await TokenCapAsync(Tenant);

        await ExportAsync(Tenant, "service:agent-runner", Forged(Generation(Id(16, 0x91), SpanId(1), "run-s", "gpt-4o", 900, 200), Guid.NewGuid()));
        await fixture.WaitUntilEvaluatedAsync(Tenant, "run-s");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync(Tenant));
        Assert.True(!anomaly.TryGetProperty("keyId", out var keyId) || keyId.ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Empty(await StoredKeysAsync(Tenant));
    }

    private async Task TokenCapAsync(string tenant)
    {
        var put = await fixture.Client(tenant, "traces:policy").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 5, sessionTokenCap = 1000, sessionCostCap = (decimal?)null, errorBurstCount = 5, errorBurstWindowSeconds = 60 }, Cancel);
        put.EnsureSuccessStatusCode();
    }

    private static Span Forged(Span span, Guid key)
    {
        span.Attributes.Add(new KeyValue { Key = "mlops.key_id", Value = new AnyValue { StringValue = key.ToString() } });
        return span;
    }

    // As the gateway forwards a call: a token whose subject is the key's id (or a service's name), with traces:write.
    private async Task ExportAsync(string tenant, string subject, Span span)
    {
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestIdentity.Issuer.Issue(tenant, subject, ["traces:write"], TimeSpan.FromHours(1)));
        var body = TracerFixture.Body(Google.Protobuf.MessageExtensions.ToByteArray(Request("agent-svc", [span])), "application/x-protobuf");
        (await client.PostAsync("/v1/traces", body, Cancel)).EnsureSuccessStatusCode();
    }

    private async Task<List<string>> StoredKeysAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        return [.. await connection.QueryAsync<string>(
            "SELECT attributes ->> 'mlops.key_id' FROM spans WHERE tenant_id = @tenant AND attributes ->> 'mlops.key_id' IS NOT NULL", new { tenant })];
    }
}
