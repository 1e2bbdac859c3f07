using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class ProtobufIntakeTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private static ExportTraceServiceRequest GenAiChat()
    {
        var span = Span("chat gpt-4o", Id(16, 0x01), Id(8, 0xa1), Start, Start + 1_500_000_000,
            Attribute("gen_ai.operation.name", "chat"),
            Attribute("gen_ai.provider.name", "openai"),
            Attribute("gen_ai.request.model", "gpt-4o"),
            Attribute("gen_ai.response.model", "gpt-4o-2024-08-06"),
            Attribute("gen_ai.usage.input_tokens", 120),
            Attribute("gen_ai.usage.output_tokens", 30),
            Attribute("gen_ai.conversation.id", "conv-1"),
            Attribute("gen_ai.agent.name", "planner"),
            Attribute("user.id", "u-7"),
            Attribute("tenant.id", "someone-else"));
        span.ParentSpanId = ByteString.CopyFrom(Id(8, 0xb1));
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "rate limited" };
        return Request("agent-svc", span);
    }

    [Fact]
    public async Task Export_GenAiChatSpan_StoredWithItsGenAiColumns()
    {
        var client = fixture.Client("acme");

        var response = await client.PostAsync("/v1/traces", TracerFixture.Body(GenAiChat().ToByteArray(), "application/x-protobuf"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Null(answer.PartialSuccess);
        var row = Assert.Single(await fixture.SpansAsync("acme"));
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", row.TraceId);
        Assert.Equal("a1a2a3a4a5a6a7a8", row.SpanId);
        Assert.Equal("b1b2b3b4b5b6b7b8", row.ParentSpanId);
        Assert.Equal("chat gpt-4o", row.Name);
        Assert.Equal(3, row.Kind);
        Assert.Equal("agent-svc", row.ServiceName);
        Assert.Equal(StartTime, row.StartTime);
        Assert.Equal(StartTime.AddSeconds(1.5), row.EndTime);
        Assert.Equal(1_500_000_000, row.DurationNs);
        Assert.Equal(2, row.StatusCode);
        Assert.Equal("rate limited", row.StatusMessage);
        Assert.Equal("generation", row.ObservationType);
        Assert.Equal("chat", row.Operation);
        Assert.Equal("openai", row.Provider);
        Assert.Equal("gpt-4o", row.RequestModel);
        Assert.Equal("gpt-4o-2024-08-06", row.ResponseModel);
        Assert.Equal(120, row.InputTokens);
        Assert.Equal(30, row.OutputTokens);
        Assert.Equal("conv-1", row.SessionId);
        Assert.Equal("planner", row.AgentName);
        Assert.Null(row.ToolName);
        Assert.Equal("u-7", row.UserId);
        Assert.Contains("\"gen_ai.usage.input_tokens\": 120", row.Attributes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_TenantAttributeInBody_TenantIsTheTokensOnly()
    {
        var client = fixture.Client("tenant-a");

        var response = await client.PostAsync("/v1/traces", TracerFixture.Body(GenAiChat().ToByteArray(), "application/x-protobuf"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tenant-a", Assert.Single(await fixture.SpansAsync("tenant-a")).TenantId);
        Assert.Empty(await fixture.SpansAsync("someone-else"));
    }

    [Fact]
    public async Task Export_Gzip_Stored()
    {
        var client = fixture.Client("gzip-tenant");
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            GenAiChat().WriteTo(gzip);
        }

        var response = await client.PostAsync("/v1/traces", TracerFixture.Body(compressed.ToArray(), "application/x-protobuf", gzip: true),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a1a2a3a4a5a6a7a8", Assert.Single(await fixture.SpansAsync("gzip-tenant")).SpanId);
    }

    [Fact]
    public async Task Export_SameSpansTwiceAndRepeatedInOneBatch_StoredOnce()
    {
        var client = fixture.Client("dup-tenant");
        var request = GenAiChat();
        request.ResourceSpans[0].ScopeSpans[0].Spans.Add(request.ResourceSpans[0].ScopeSpans[0].Spans[0].Clone());
        var body = request.ToByteArray();

        var first = await client.PostAsync("/v1/traces", TracerFixture.Body(body, "application/x-protobuf"), TestContext.Current.CancellationToken);
        var second = await client.PostAsync("/v1/traces", TracerFixture.Body(body, "application/x-protobuf"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(await fixture.SpansAsync("dup-tenant"));
    }

    [Fact]
    public async Task Export_InvalidSpans_PartialSuccessWithTheRejectedCount()
    {
        var client = fixture.Client("partial-tenant");
        var request = Request("svc",
            Span("good", Id(16, 0x10), Id(8, 0x20)),
            Span("short trace id", Id(15, 0x10), Id(8, 0x30)),
            Span("ends before it starts", Id(16, 0x10), Id(8, 0x40), Start, Start - 1),
            Span("never started", Id(16, 0x10), Id(8, 0x50), 0, 1_000));

        var response = await client.PostAsync("/v1/traces", TracerFixture.Body(request.ToByteArray(), "application/x-protobuf"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, answer.PartialSuccess.RejectedSpans);
        Assert.Equal("span 'short trace id': trace_id must be 16 bytes, not all zero (got 15)", answer.PartialSuccess.ErrorMessage);
        Assert.Equal("good", Assert.Single(await fixture.SpansAsync("partial-tenant")).Name);
    }

    [Fact]
    public async Task Export_ReadScopeOnly_Forbidden()
    {
        var client = fixture.Client("reader", "traces:read");

        var response = await client.PostAsync("/v1/traces", TracerFixture.Body(GenAiChat().ToByteArray(), "application/x-protobuf"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await fixture.SpansAsync("reader"));
    }
}
