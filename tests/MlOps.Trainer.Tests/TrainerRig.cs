using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.TestSupport;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Tests;

/// <summary>
/// A trainer wired as in production for a test class: a warehouse of its own read through the read-only role, the registry
/// in memory (its artifacts in a temporary folder), a feature store over the same warehouse started on first use, and one
/// trainer started on first use with its own queues.
/// </summary>
public sealed class TrainerRig : IAsyncDisposable
{
    private readonly string _artifacts = Path.Combine(Path.GetTempPath(), "mlops-trainer-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private ServiceFactory<MlOps.Registry.Model.RegisteredModelResponse> _registry = null!;
    private ServiceFactory<MlOps.Trainer.Model.TrainingRunResponse>? _trainer;
    private ServiceFactory<MlOps.FeatureStore.FeatureStoreOptions>? _featureStore;

    private TrainerRig(ReadOnlyWarehouse warehouse) => Warehouse = warehouse;

    public ReadOnlyWarehouse Warehouse { get; }

    public static async Task<TrainerRig> StartAsync(CancellationToken cancellationToken)
    {
        var rig = new TrainerRig(await ReadOnlyWarehouse.CreateAsync("warehouse", cancellationToken));
        rig._registry = new(connectionName: "registrydb", new Dictionary<string, string> { ["MlOps:Registry:ArtifactRoot"] = rig._artifacts },
            virtualHost: "trainer");
        rig._registry.CreateClient().Dispose();
        return rig;
    }

    /// <summary>A registry client for the tenant with every registry scope.</summary>
    public HttpClient Registry(string tenant) => _registry.CreateClient().Authorize(tenant);

    /// <summary>A feature store client for the tenant with every scope; the first call starts it (its schedule off).</summary>
    public HttpClient FeatureStore(string tenant) => FeatureStoreService.CreateClient().Authorize(tenant);

    private ServiceFactory<MlOps.FeatureStore.FeatureStoreOptions> FeatureStoreService => _featureStore ??= new("featurestoredb",
        new Dictionary<string, string>
        {
            ["ConnectionStrings:warehouse"] = Warehouse.ReadOnlyConnectionString,
            ["MlOps:FeatureStore:MaterializationInterval"] = "00:00:00",
            ["MlOps:Messaging:EndpointPrefix"] = $"f{Guid.NewGuid():N}"[..9],
        }, virtualHost: "trainer");

    /// <summary>
    /// A trainer client for the tenant (trainer and registry write scopes, and any <paramref name="scopes"/> besides); the first
    /// call starts the trainer with these settings and services.
    /// </summary>
    public HttpClient Trainer(string tenant, Dictionary<string, string>? settings = null, Action<IServiceCollection>? services = null,
        params string[] scopes)
    {
        _trainer ??= new(connectionName: "trainerdb", new Dictionary<string, string>(settings ?? [])
        {
            ["MlOps:Trainer:RegistryUrl"] = "http://localhost",
            ["MlOps:Trainer:BootstrapDemoModel"] = "false",
            // Its own queues: a trainer of an earlier test still stopping must not take this one's commands.
            ["MlOps:Messaging:EndpointPrefix"] = $"t{Guid.NewGuid():N}"[..9],
            ["ConnectionStrings:warehouse"] = Warehouse.ReadOnlyConnectionString,
        }, virtualHost: "trainer", services: collection =>
        {
            collection.AddHttpClient<RegistryClient>().ConfigurePrimaryHttpMessageHandler(() => _registry.Server.CreateHandler());
            collection.AddHttpClient<FeatureStoreClient>().ConfigurePrimaryHttpMessageHandler(() => FeatureStoreService.Server.CreateHandler());
            services?.Invoke(collection);
            // Its queue is new: the host is up only once the queue is bound, so a command published next is not dropped.
            collection.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        });
        return _trainer.CreateClient().Authorize(tenant, ["trainer:write", "trainer:read", "registry:write", "registry:promote", .. scopes]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_trainer is not null)
        {
            await _trainer.DisposeAsync();
        }
        if (_featureStore is not null)
        {
            await _featureStore.DisposeAsync();
        }
        await _registry.DisposeAsync();
        await Warehouse.DisposeAsync();
        if (Directory.Exists(_artifacts))
        {
            Directory.Delete(_artifacts, recursive: true);
        }
    }
}
