using MlOps.TestSupport;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// Two feature stores (each its own database, the schedule off) over one test warehouse for the whole run, one whose online store
/// is PostgreSQL and one whose is Redis (each on its own virtual host, so neither takes the other's DatasetLoaded); tests use their
/// own tenants. Online-store tests are theories over <see cref="Stores"/>.
/// </summary>
public sealed class FeatureStoreFixture : IAsyncLifetime
{
    public const string VirtualHost = "features";

    public const string RedisVirtualHost = "features-redis";

    /// <summary>The online stores a theory runs against: "postgres" (the default) and "redis".</summary>
    public static TheoryData<string> Stores => ["postgres", "redis"];

    /// <summary>Prefix of this run's Redis keys.</summary>
    public string RedisKeyPrefix { get; } = $"test:{Guid.NewGuid():N}:";

    public ReadOnlyWarehouse Warehouse { get; private set; } = null!;

    /// <summary>The feature store with the default (PostgreSQL) online store.</summary>
    public ServiceFactory<FeatureStoreOptions> Service { get; private set; } = null!;

    /// <summary>The feature store with the Redis online store.</summary>
    public ServiceFactory<FeatureStoreOptions> RedisService { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Warehouse = await ReadOnlyWarehouse.CreateAsync("fwarehouse", TestContext.Current.CancellationToken);
        Service = new ServiceFactory<FeatureStoreOptions>("featurestoredb", new Dictionary<string, string>
        {
            ["ConnectionStrings:warehouse"] = Warehouse.ReadOnlyConnectionString,
            ["MlOps:FeatureStore:MaterializationInterval"] = "00:00:00",
            // Small batches, so a test's entity table of a few hundred rows crosses batch boundaries.
            ["MlOps:FeatureStore:TrainingSetBatchRows"] = "100",
        }, virtualHost: VirtualHost);
        RedisService = new ServiceFactory<FeatureStoreOptions>("featurestoredb", new Dictionary<string, string>
        {
            ["ConnectionStrings:warehouse"] = Warehouse.ReadOnlyConnectionString,
            ["ConnectionStrings:onlinestore"] = TestInfrastructure.Redis(),
            ["MlOps:FeatureStore:OnlineStore"] = "redis",
            ["MlOps:FeatureStore:RedisKeyPrefix"] = RedisKeyPrefix,
            ["MlOps:FeatureStore:MaterializationInterval"] = "00:00:00",
        }, virtualHost: RedisVirtualHost);
        // Creating a client starts the host: migrations run and the bus connects.
        Service.CreateClient().Dispose();
        RedisService.CreateClient().Dispose();
    }

    public ServiceFactory<FeatureStoreOptions> ServiceFor(string store) => store == "redis" ? RedisService : Service;

    public static string VirtualHostFor(string store) => store == "redis" ? RedisVirtualHost : VirtualHost;

    /// <summary>A client of the feature store whose online store is <paramref name="store"/>, as a tenant's admin key.</summary>
    public HttpClient StoreClient(string store, string tenant) => ServiceFor(store).CreateClient().Authorize(tenant);

    /// <summary>A client acting as a fresh tenant's key with the given scopes (admin when none).</summary>
    public HttpClient Client(string tenant, params string[] scopes) => Service.CreateClient().Authorize(tenant, scopes);

    public static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await RedisService.DisposeAsync();
        await Warehouse.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FeatureStoreCollection : ICollectionFixture<FeatureStoreFixture>
{
    public const string Name = "feature-store";
}
