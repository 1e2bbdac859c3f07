using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Sources.Files;
using MlOps.Ingest.Sources.Postgres;
using MlOps.Ingest.Sources.RestApi;
using MlOps.Ingest.Warehouse;

namespace MlOps.Ingest.Bench;

/// <summary>The ingest parts a load needs (warehouse, sources, normalizer), registered as services/ingest registers them.</summary>
public sealed class IngestHost : IDisposable
{
    private readonly IHost _host;

    private IngestHost(IHost host) => _host = host;

    /// <summary>Where a tenant's files are read from: the files root's folder of tenant `bench`.</summary>
    public static string FilesOf(string filesRoot) => Directory.CreateDirectory(Path.Combine(filesRoot, "bench")).FullName;

    public static IngestHost Start(string warehouse, string filesRoot)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:warehouse"] = warehouse,
            ["MlOps:Ingest:FilesRoot"] = filesRoot,
            // The source database and the fake REST API are on loopback, which the outbound rules refuse by default.
            ["MlOps:Outbound:Allow:0"] = "127.0.0.0/8",
            ["MlOps:Ingest:RestApi:MaxPages"] = "100000",
        });
        builder.AddSafeOutboundHttp();
        builder.AddRestApiSource();
        builder.AddFilesSource();
        builder.AddPostgresSource();
        builder.AddWarehouse();
        builder.Services.AddSingleton<IBatchNormalizerFactory, NormalizerFactory>();
        return new IngestHost(builder.Build());
    }

    public IServiceProvider Services => _host.Services;

    public IPipelineSource Files(string json) => _host.Services.GetRequiredService<FilesSourceFactory>().Create(Parse(json));

    public Task<IPipelineSource> PostgresAsync(string json, CancellationToken cancellationToken) =>
        _host.Services.GetRequiredService<PostgresSourceFactory>().CreateAsync(Parse(json), cancellationToken);

    public IPipelineSource RestApi(string json) => _host.Services.GetRequiredService<RestApiSourceFactory>().Create(Parse(json));

    /// <summary>One load of <paramref name="source"/> into dataset <paramref name="dataset"/> of tenant `bench`.</summary>
    public Task<LoadOutcome> LoadAsync(IPipelineSource source, string dataset, CancellationToken cancellationToken) =>
        _host.Services.GetRequiredService<ILoadEngine>().RunAsync(
            new LoadJob { LoadId = Guid.CreateVersion7(), TenantId = "bench", Dataset = dataset, Pipeline = dataset }, source, cancellationToken);

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    public void Dispose() => _host.Dispose();
}
