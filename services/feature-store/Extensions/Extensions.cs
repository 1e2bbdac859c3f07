using MlOps.FeatureStore.Consumers;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Materialization;
using MlOps.FeatureStore.Online;
using MlOps.FeatureStore.TrainingSets;
using MlOps.FeatureStore.Warehouse;

namespace MlOps.FeatureStore.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("features");
        builder.Services.AddValidation();
        builder.Services.AddOptions<FeatureStoreOptions>().BindConfiguration(FeatureStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceDatabase("featurestoredb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<MaterializeOnDatasetLoadedConsumer>(typeof(MaterializeOnDatasetLoadedConsumerDefinition)));
        // The warehouse ingest loads, read through its read-only role; without it every check against it fails saying so.
        if (builder.Configuration.GetConnectionString(FeatureStoreOptions.WarehouseConnection) is not null)
        {
            // Not a health check: definitions, lookups and history still answer while the warehouse is down.
            builder.AddKeyedNpgsqlDataSource(FeatureStoreOptions.WarehouseConnection, configureSettings: settings => settings.DisableHealthChecks = true);
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DefinitionStore>();
        builder.Services.AddSingleton<WarehouseCatalog>();
        builder.Services.AddSingleton<DefinitionValidator>();
        builder.Services.AddSingleton<FeatureResolver>();
        builder.Services.AddSingleton<TrainingSetStore>();
        builder.Services.AddSingleton<TrainingSetBuilder>();
        builder.Services.AddSingleton<MaterializationSignal>();
        builder.Services.AddSingleton<MaterializationRuns>();
        builder.Services.AddSingleton<Materializer>();
        builder.Services.AddHostedService<MaterializationWorker>();
        builder.Services.AddHostedService<MaterializationSchedule>();
        // The online store: the service's own database unless Redis is configured (MlOps:FeatureStore:OnlineStore = redis).
        if (builder.Configuration[$"{FeatureStoreOptions.SectionName}:OnlineStore"] == "redis")
        {
            if (builder.Configuration.GetConnectionString(FeatureStoreOptions.RedisConnection) is null)
            {
                throw new InvalidOperationException(
                    $"{FeatureStoreOptions.SectionName}:OnlineStore is 'redis' but ConnectionStrings:{FeatureStoreOptions.RedisConnection} is not set.");
            }
            builder.AddRedisClient(FeatureStoreOptions.RedisConnection);
            builder.Services.AddSingleton<IOnlineStore, RedisOnlineStore>();
        }
        else
        {
            builder.Services.AddSingleton<IOnlineStore, PostgresOnlineStore>();
        }
        builder.Services.AddSingleton<ResolvedServiceCache>();
    }
}
