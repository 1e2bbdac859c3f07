using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// The official npm OTLP trace exporters, @opentelemetry/exporter-trace-otlp-http (JSON) and -otlp-proto (protobuf), from a
/// Node script (exporter-node, pinned by its package-lock.json) against the tracer as its own process on a real port.
/// </summary>
public sealed class NodeExporterTests : IAsyncDisposable
{
    private readonly string _database = TestInfrastructure.UniqueDatabase("tracer_node");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NpmExporters_JsonAndProtobuf_EachSessionStoredWithItsGenAiFieldsAndCost()
    {
        // The script and its node_modules stay in the source folder (bin/Debug/net10.0 is three levels below the project).
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../exporter-node"));
        Assert.True(Directory.Exists(Path.Combine(script, "node_modules", "@opentelemetry", "exporter-trace-otlp-proto")),
            "run 'npm ci' in tests/MlOps.AgentOpsTracer.Tests/exporter-node (scripts/test.sh does)");
        using var service = await ServiceProcess.StartAsync("agentops-tracer", "MlOps.AgentOpsTracer", new Dictionary<string, string>
        {
            ["ConnectionStrings__tracerdb"] = TestInfrastructure.Postgres(_database),
            ["ConnectionStrings__messaging"] = TestInfrastructure.RabbitMq("functional").ToString(),
            ["MlOps__Messaging__EndpointPrefix"] = "node" + Guid.NewGuid().ToString("N")[..8],
            ["MlOps__Tracer__Prices__gpt-4o__Input"] = "2.5",
            ["MlOps__Tracer__Prices__gpt-4o__Output"] = "10",
        });
        var start = new ProcessStartInfo("node", "exporter-check.mjs") { WorkingDirectory = script, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TRACER_URL"] = service.Address.ToString();
        start.Environment["TRACER_TOKEN"] = TestIdentity.Token("node-tenant", "traces:write");

        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync(Cancel);
        var errors = await node.StandardError.ReadToEndAsync(Cancel);
        await node.WaitForExitAsync(Cancel);

        Assert.True(node.ExitCode == 0, errors);
        var exports = JsonDocument.Parse(output).RootElement;
        using var reader = new HttpClient { BaseAddress = service.Address }.Authorize("node-tenant", "traces:read");
        foreach (var encoding in new[] { "json", "proto" })
        {
            var export = exports.GetProperty(encoding);
            // ExportResultCode.SUCCESS is 0.
            Assert.True(export.GetProperty("code").GetInt32() == 0, $"{encoding}: {export.GetProperty("error")}");
            var session = await reader.GetFromJsonAsync<JsonElement>($"/sessions/node-{encoding}", Cancel);
            Assert.Equal(3, session.GetProperty("spanCount").GetInt64());
            Assert.Equal(1, session.GetProperty("traceCount").GetInt64());
            Assert.Equal(1000, session.GetProperty("inputTokens").GetInt64());
            Assert.Equal(200, session.GetProperty("outputTokens").GetInt64());
            // 1,000 input × 2.5 + 200 output × 10 per million tokens = 4,500 per million.
            Assert.Equal(0.0045m, session.GetProperty("totalCost").GetDecimal());

            var tree = await reader.GetFromJsonAsync<JsonElement>($"/traces/{export.GetProperty("traceId").GetString()}", Cancel);
            var agent = Assert.Single(tree.GetProperty("roots").EnumerateArray());
            Assert.Equal(("agent", "planner", "node-agent"),
                (agent.GetProperty("observationType").GetString(), agent.GetProperty("agentName").GetString(), agent.GetProperty("serviceName").GetString()));
            var children = agent.GetProperty("children").EnumerateArray().OrderBy(c => c.GetProperty("name").GetString()).ToList();
            Assert.Equal(["generation gpt-4o", "tool weather"], children.Select(c =>
                $"{c.GetProperty("observationType").GetString()} {c.GetProperty("model").GetString() ?? c.GetProperty("toolName").GetString()}"));
        }
    }

    public async ValueTask DisposeAsync() => await TestInfrastructure.DropDatabaseAsync(_database);
}
