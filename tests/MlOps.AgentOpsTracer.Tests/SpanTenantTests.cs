using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Google.Protobuf;
using MlOps.ServiceDefaults.Identity;
using MlOps.TestSupport;
using Npgsql;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// A span's mlops.tenant (and mlops.key_id) count only when the platform's own exporters (gateway, guardrail-gateway, under
/// their signed service identity) sent it; from a tenant's key, or any other service, it is dropped and the caller's tenant is used.
/// </summary>
public sealed class SpanTenantTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_TenantKeyStampsAnotherTenant_StoredInTheKeysTenantOnlyAndTheStampDropped()
    {
        var response = await ExportAsync("stamp-attacker", "key-stamp-attacker", Stamped(Generation(Id(16, 0x11), SpanId(1), "s-attack", "gpt-4o", 10, 5), "stamp-victim"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await fixture.SpansAsync("stamp-victim"));
        Assert.Equal("s-attack", Assert.Single(await fixture.SpansAsync("stamp-attacker")).SessionId);
        Assert.Empty(await StampsAsync("stamp-attacker"));
    }

    [Fact]
    public async Task Export_OtherServiceIdentityStampsAnotherTenant_NotTrusted()
    {
        await ExportAsync("stamp-drift", PlatformClaims.ServiceSubjectPrefix + "drift", Stamped(Generation(Id(16, 0x21), SpanId(1), "s-drift", "gpt-4o", 10, 5), "stamp-victim-2"));

        Assert.Empty(await fixture.SpansAsync("stamp-victim-2"));
        Assert.Single(await fixture.SpansAsync("stamp-drift"));
    }

    [Fact]
    public async Task Export_PlatformExporterWithTwoTenantsSpans_EachStoredInItsStampedTenant()
    {
        var response = await ExportAsync("platform", PlatformClaims.ServiceSubjectPrefix + ServiceIdentities.GuardrailGateway,
            Stamped(Generation(Id(16, 0x31), SpanId(1), "s-one", "gpt-4o", 1000, 500), "stamp-one"),
            Stamped(Generation(Id(16, 0x41), SpanId(2), "s-two", "gpt-4o", 2000, 100), "stamp-two"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var one = Assert.Single(await fixture.SpansAsync("stamp-one"));
        var two = Assert.Single(await fixture.SpansAsync("stamp-two"));
        Assert.Equal(("s-one", 1000L), (one.SessionId, one.InputTokens!.Value));
        Assert.Equal(("s-two", 2000L), (two.SessionId, two.InputTokens!.Value));
        Assert.Empty(await fixture.SpansAsync("platform"));
    }

    [Fact]
    public async Task Export_PlatformExporterSpanWithoutTenant_RejectedAsPartialSuccess()
    {
        var response = await ExportAsync("platform", PlatformClaims.ServiceSubjectPrefix + ServiceIdentities.Gateway,
            Stamped(Generation(Id(16, 0x51), SpanId(1), "s-kept", "gpt-4o", 1, 1), "stamp-kept"),
            Generation(Id(16, 0x61), SpanId(2), "s-orphan", "gpt-4o", 1, 1),
            Stamped(Generation(Id(16, 0x71), SpanId(3), "s-bad", "gpt-4o", 1, 1), "no spaces allowed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(2, answer.PartialSuccess.RejectedSpans);
        Assert.Equal("span 'chat gpt-4o': a platform span needs mlops.tenant (1-64 letters, digits, '-' or '_')", answer.PartialSuccess.ErrorMessage);
        Assert.Single(await fixture.SpansAsync("stamp-kept"));
        Assert.Empty(await fixture.SpansAsync("platform"));
    }

    [Fact]
    public async Task Export_PlatformExporterKeyStamps_AKeyIdKeptAnythingElseDropped()
    {
        var key = Guid.NewGuid();
        var keyed = Stamped(Generation(Id(16, 0x81), SpanId(1), "s-keyed", "gpt-4o", 1, 1), "stamp-keys");
        keyed.Attributes.Add(Attribute("mlops.key_id", key.ToString()));
        var garbled = Stamped(Generation(Id(16, 0x91), SpanId(2), "s-garbled", "gpt-4o", 1, 1), "stamp-keys");
        garbled.Attributes.Add(Attribute("mlops.key_id", "not a key"));

        await ExportAsync("platform", PlatformClaims.ServiceSubjectPrefix + ServiceIdentities.GuardrailGateway, keyed, garbled);

        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        var keys = await connection.QueryAsync<(string Session, string? Key)>(
            "SELECT session_id, attributes ->> 'mlops.key_id' FROM spans WHERE tenant_id = 'stamp-keys' ORDER BY session_id");
        Assert.Equal([("s-garbled", (string?)null), ("s-keyed", key.ToString())], keys);
    }

    private static Span Stamped(Span span, string tenant)
    {
        span.Attributes.Add(Attribute("mlops.tenant", tenant));
        return span;
    }

    private async Task<HttpResponseMessage> ExportAsync(string tenant, string subject, params Span[] spans)
    {
        using var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestIdentity.Issuer.Issue(tenant, subject, ["traces:write"], TimeSpan.FromHours(1)));
        return await client.PostAsync("/v1/traces", TracerFixture.Body(Request("agent-svc", spans).ToByteArray(), "application/x-protobuf"), Cancel);
    }

    private async Task<List<string>> StampsAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(fixture.Factory.ConnectionString);
        return [.. await connection.QueryAsync<string>(
            "SELECT attributes ->> 'mlops.tenant' FROM spans WHERE tenant_id = @tenant AND attributes ->> 'mlops.tenant' IS NOT NULL", new { tenant })];
    }
}
