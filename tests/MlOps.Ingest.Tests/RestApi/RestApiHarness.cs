using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Sources.RestApi;

namespace MlOps.Ingest.Tests.RestApi;

/// <summary>A host with the safe outbound client (allowing the fake API's port) and the rest_api source, plus a run helper.</summary>
public sealed class RestApiHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private readonly string _baseUrl;

    private RestApiHarness(IHost host, string baseUrl) => (_host, _baseUrl) = (host, baseUrl);

    public static async Task<RestApiHarness> StartAsync(FakeRestApi api, Dictionary<string, string?>? settings = null, CapturedLogs? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MlOps:Outbound:Allow:0"] = $"127.0.0.1:{api.Port}",
            ["MlOps:Ingest:RestApi:RetryBaseDelay"] = "00:00:00.010",
            ["MlOps:Ingest:RestApi:RequestTimeout"] = "00:00:10",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        }
        builder.AddSafeOutboundHttp();
        builder.AddRestApiSource();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new RestApiHarness(host, api.BaseUrl);
    }

    /// <summary>The source for <paramref name="json"/>, with BASE standing for the fake API's base URL.</summary>
    public RestApiSource Create(string json) =>
        _host.Services.GetRequiredService<RestApiSourceFactory>().Create(JsonDocument.Parse(json.Replace("BASE", _baseUrl)).RootElement);

    public async Task<List<SourceBatch>> RunAsync(string json, IReadOnlyDictionary<string, JsonElement>? state = null, int batchRows = 10_000)
    {
        var context = new SourceReadContext { TenantId = "t1", State = state ?? new Dictionary<string, JsonElement>(), BatchRows = batchRows };
        var batches = new List<SourceBatch>();
        await foreach (var batch in Create(json).ReadAsync(context, TestContext.Current.CancellationToken))
        {
            batches.Add(batch);
        }
        return batches;
    }

    /// <summary>Every document of <paramref name="resource"/>, as compact JSON.</summary>
    public static List<string> Docs(List<SourceBatch> batches, string resource) =>
        [.. batches.Where(b => b.Resource == resource).SelectMany(b => b.Documents).Select(d => d.GetRawText())];

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
