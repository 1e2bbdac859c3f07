using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.AgentOpsTracer.Anomalies;
using MlOps.AgentOpsTracer.Content;
using MlOps.AgentOpsTracer.Cost;
using MlOps.AgentOpsTracer.Intake;
using MlOps.AgentOpsTracer.Reading;
using MlOps.AgentOpsTracer.Retention;

namespace MlOps.AgentOpsTracer.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("traces");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("tracerdb", typeof(Extensions).Assembly);
        builder.AddMessaging();
        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddSingleton<ContentRedactor>();
        builder.Services.AddSingleton<ContentPolicyStore>();
        builder.Services.AddSingleton<SpanMapper>();
        builder.Services.AddSingleton<SpanWriter>();
        builder.Services.AddOptions<PriceOptions>().BindConfiguration(PriceOptions.SectionName);
        builder.Services.AddSingleton<PriceTable>();
        builder.Services.AddSingleton<SessionReader>();
        builder.Services.AddSingleton<TraceReader>();
        builder.Services.AddOptions<ReadOptions>().BindConfiguration(ReadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TraceSearch>();
        builder.Services.AddSingleton<ReplayReader>();
        builder.Services.AddSingleton<UsageReader>();
        builder.Services.AddOptions<AnomalyOptions>().BindConfiguration(AnomalyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AnomalyRuleStore>();
        builder.Services.AddSingleton<AnomalyWake>();
        builder.Services.AddHostedService<AnomalyDetector>();
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionJob>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionJob>());
    }
}
