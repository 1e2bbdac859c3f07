using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using MlOps.TestSupport;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class OtlpExporterTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    [Fact]
    public async Task OfficialDotNetExporter_HttpProtobuf_SpansLandWithTheirGenAiFields()
    {
        using var source = new ActivitySource("MlOps.Tests.Agent");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("dotnet-agent"))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri(fixture.Factory.Server.BaseAddress, "/v1/traces");
                // The standard exporter header, unchanged: the key is a bearer token with traces:write.
                o.Headers = "Authorization=Bearer " + TestIdentity.Token("sdk-tenant", "traces:write");
                o.HttpClientFactory = () => new HttpClient(new BlockingSendHandler(fixture.Factory.Server.CreateHandler()));
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();

        string traceId;
        string spanId;
        using (var activity = source.StartActivity("chat gpt-4o-mini", ActivityKind.Client))
        {
            Assert.NotNull(activity);
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.provider.name", "openai");
            activity.SetTag("gen_ai.request.model", "gpt-4o-mini");
            activity.SetTag("gen_ai.usage.input_tokens", 42);
            activity.SetTag("gen_ai.usage.output_tokens", 7);
            activity.SetTag("gen_ai.conversation.id", "sdk-conv");
            traceId = activity.TraceId.ToHexString();
            spanId = activity.SpanId.ToHexString();
        }
        Assert.True(provider.ForceFlush());

        var row = Assert.Single(await fixture.SpansAsync("sdk-tenant"));
        Assert.Equal(traceId, row.TraceId);
        Assert.Equal(spanId, row.SpanId);
        Assert.Equal("chat gpt-4o-mini", row.Name);
        Assert.Equal(3, row.Kind);
        Assert.Equal("dotnet-agent", row.ServiceName);
        Assert.Equal("generation", row.ObservationType);
        Assert.Equal("openai", row.Provider);
        Assert.Equal("gpt-4o-mini", row.RequestModel);
        Assert.Equal(42, row.InputTokens);
        Assert.Equal(7, row.OutputTokens);
        Assert.Equal("sdk-conv", row.SessionId);
    }
}
