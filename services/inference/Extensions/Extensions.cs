using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.Inference.Canary;
using MlOps.Inference.Consumers;
using MlOps.Inference.Jobs;
using MlOps.Inference.Loading;
using MlOps.Inference.Logging;
using MlOps.Inference.Serving;
using MlOps.Inference.Services;
using MlOps.ServiceDefaults.Retention;

namespace MlOps.Inference.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("inference");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("inferencedb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<RecordAliasChangeConsumer>());
        // The prediction log and its labels feed drift windows within the hour; a month is kept for audits and replays.
        builder.AddRetention(
            RetentionRule.Sql("predictions", TimeSpan.FromDays(30),
                "DELETE FROM predictions WHERE ctid = ANY(ARRAY(SELECT ctid FROM predictions WHERE created_at < @cutoff LIMIT @batch))"),
            RetentionRule.Sql("prediction-feedback", TimeSpan.FromDays(30),
                "DELETE FROM prediction_feedback WHERE ctid = ANY(ARRAY(SELECT ctid FROM prediction_feedback WHERE received_at < @cutoff LIMIT @batch))"));
        builder.Services.AddSingleton(services => JobRetention.Rule(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>()));

        builder.Services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<BatchingOptions>().BindConfiguration(BatchingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PredictionLogOptions>().BindConfiguration(PredictionLogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<CanaryOptions>().BindConfiguration(CanaryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddHttpClient<RegistryModelSource>((services, http) =>
            http.BaseAddress = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InferenceOptions>>().Value.RegistryUrl).AddPlatformIdentity();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InferenceMetrics>();
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddSingleton<DeploymentStore>();
        builder.Services.AddTransient<ModelLoader>();
        builder.Services.AddSingleton<ServingAnnouncer>();
        builder.Services.AddSingleton<DeploymentReconciler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeploymentReconciler>());
        builder.Services.AddHealthChecks().AddCheck<ModelsLoadedHealthCheck>("models-loaded");
        builder.Services.AddHostedService<DeploymentChangeListener>();

        builder.Services.AddSingleton<PredictionLog>();
        builder.Services.AddHostedService<PredictionLogWriter>();
        builder.Services.AddSingleton<ShadowRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ShadowRunner>());
        builder.Services.AddSingleton<Predictor>();

        builder.Services.AddHttpClient<PromotionClient>((services, http) =>
            http.BaseAddress = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InferenceOptions>>().Value.RegistryUrl).AddPlatformIdentity();
        builder.Services.AddHttpClient<MlOps.Inference.Features.OnlineFeatureClient>((services, http) =>
            http.BaseAddress = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InferenceOptions>>().Value.FeatureStoreUrl).AddPlatformIdentity();
        builder.Services.AddSingleton<CanaryWake>();
        builder.Services.AddSingleton<RolloutStore>();
        builder.Services.AddSingleton<RolloutCounts>();
        builder.Services.AddHostedService<CanaryCounting>();
        builder.Services.AddHostedService<RolloutJudge>();

        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddTransient<JobScorer>();
        builder.Services.AddHostedService<JobRunner>();
    }
}
