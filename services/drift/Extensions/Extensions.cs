using MlOps.Drift.Consumers;
using MlOps.Drift.Monitoring;
using MlOps.Drift.Reports;
using MlOps.Drift.Skew;

namespace MlOps.Drift.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("drift");
        builder.Services.AddValidation();
        builder.Services.AddOptions<DriftOptions>().BindConfiguration(DriftOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.AddServiceDatabase("driftdb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<RecordPredictionsConsumer>();
            bus.AddConsumer<RecordLabelsConsumer>();
        });

        builder.Services.AddSingleton<WindowStore>();
        builder.Services.AddSingleton<WindowSignal>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddHttpClient<RegistryReferences>((services, http) =>
            http.BaseAddress = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DriftOptions>>().Value.RegistryUrl).AddPlatformIdentity();
        builder.Services.AddHttpClient<TrainingSetReader>((services, http) =>
            http.BaseAddress = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DriftOptions>>().Value.FeatureStoreUrl).AddPlatformIdentity();
        builder.Services.AddSingleton<SkewCheck>();
        builder.Services.AddHostedService<WindowEvaluator>();
    }
}
