using MlOps.TestSupport;

namespace MlOps.FeatureStore.Tests;

/// <summary>One feature store (its own database, the schedule off) over one test warehouse for the whole run; tests use their own tenants.</summary>
public sealed class FeatureStoreFixture : IAsyncLifetime
{
    public const string VirtualHost = "features";

    public FeatureWarehouse Warehouse { get; private set; } = null!;

    public ServiceFactory<FeatureStoreOptions> Service { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Warehouse = await FeatureWarehouse.CreateAsync(TestContext.Current.CancellationToken);
        Service = new ServiceFactory<FeatureStoreOptions>("featurestoredb", new Dictionary<string, string>
        {
            ["ConnectionStrings:warehouse"] = Warehouse.ReadOnlyConnectionString,
            ["MlOps:FeatureStore:MaterializationInterval"] = "00:00:00",
        }, virtualHost: VirtualHost);
        // Creating a client starts the host: migrations run and the bus connects.
        Service.CreateClient().Dispose();
    }

    /// <summary>A client acting as a fresh tenant's key with the given scopes (admin when none).</summary>
    public HttpClient Client(string tenant, params string[] scopes) => Service.CreateClient().Authorize(tenant, scopes);

    public static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Warehouse.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FeatureStoreCollection : ICollectionFixture<FeatureStoreFixture>
{
    public const string Name = "feature-store";
}
