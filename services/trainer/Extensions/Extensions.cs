using MlOps.Trainer.Consumers;
using MlOps.Trainer.Services;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("trainer");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("trainerdb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<RetrainModelConsumer>());

        builder.Services.AddOptions<TrainerOptions>().BindConfiguration(TrainerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<TrainingOptions>().BindConfiguration("MlOps:Trainer:Training");
        builder.Services.AddHttpClient<RegistryClient>((services, http) =>
            http.BaseAddress = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TrainerOptions>>().Value.RegistryUrl).AddPlatformIdentity();
        builder.Services.AddHttpClient<FeatureStoreClient>((services, http) =>
            http.BaseAddress = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TrainerOptions>>().Value.FeatureStoreUrl).AddPlatformIdentity();
        builder.Services.AddOptions<WarehouseOptions>().BindConfiguration(WarehouseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // The warehouse ingest loads, through a read-only role; without it, runs on warehouse data fail saying so.
        if (builder.Configuration.GetConnectionString(WarehouseOptions.ConnectionName) is not null)
        {
            // Not a health check: the trainer is healthy (the demo model trains) while the warehouse is down.
            builder.AddKeyedNpgsqlDataSource(WarehouseOptions.ConnectionName, configureSettings: settings => settings.DisableHealthChecks = true);
        }
        builder.Services.AddTransient<WarehouseTrainingData>();
        builder.Services.AddTransient<FeatureStoreTrainingData>();
        builder.Services.AddTransient<TrainingDataSource>();
        builder.Services.AddTransient<TrainingRunner>();
        builder.Services.AddTransient<ChampionComparison>();
        builder.Services.AddHostedService<AbandonedRunSweeper>();
        if (builder.Configuration.GetValue(TrainerOptions.SectionName + ":BootstrapDemoModel", true))
        {
            builder.Services.AddHostedService<DemoModelBootstrapper>();
        }
    }
}
