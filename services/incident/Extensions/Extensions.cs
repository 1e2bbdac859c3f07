using MlOps.Contracts;
using MlOps.Incident.Alerts;
using MlOps.Incident.Calls;
using MlOps.Incident.Consumers;
using MlOps.Incident.Lifecycle;
using MlOps.Incident.Notifications;
using MlOps.Incident.Postmortems;
using MlOps.Incident.Rules;
using MlOps.Incident.Runbooks;
using MlOps.Incident.Runbooks.Steps;
using MlOps.Incident.Services;
using MlOps.Incident.Slos;

namespace MlOps.Incident.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("incident");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("incidentdb", typeof(Extensions).Assembly);
        builder.AddNotifications();
        builder.Services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<OpenIncidentOnDriftConsumer>(typeof(PlatformAlertConsumerDefinition<OpenIncidentOnDriftConsumer, DriftDetected>));
            bus.AddConsumer<AlertOnDataQualityConsumer>(typeof(PlatformAlertConsumerDefinition<AlertOnDataQualityConsumer, DataQualityFailed>));
            bus.AddConsumer<AlertOnLlmBudgetConsumer>(typeof(PlatformAlertConsumerDefinition<AlertOnLlmBudgetConsumer, LlmBudgetAlerted>));
            bus.AddConsumer<AlertOnGuardrailRateConsumer>(typeof(PlatformAlertConsumerDefinition<AlertOnGuardrailRateConsumer, GuardrailViolated>));
            bus.AddConsumer<AlertOnAgentAnomalyConsumer>(typeof(PlatformAlertConsumerDefinition<AlertOnAgentAnomalyConsumer, AgentAnomalyDetected>));
            bus.AddConsumer<AlertOnPipelineRunFailedConsumer>(typeof(PlatformAlertConsumerDefinition<AlertOnPipelineRunFailedConsumer, PipelineRunFailed>));
            bus.AddConsumer<AlertOnBatchJobFailedConsumer>(typeof(PlatformAlertConsumerDefinition<AlertOnBatchJobFailedConsumer, BatchJobFailed>));
            bus.AddConsumer<AliasChangedFactConsumer>();
            bus.AddConsumer<VersionRegisteredFactConsumer>();
            bus.AddConsumer<ModelServingFactConsumer>();
            bus.AddConsumer<WindowEvaluatedFactConsumer>();
            bus.AddConsumer<CanaryDecidedFactConsumer>();
        });
        builder.Services.AddSingleton<IPlatformAlertMap<DriftDetected>, DriftAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<DataQualityFailed>, DataQualityAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<LlmBudgetAlerted>, LlmBudgetAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<GuardrailViolated>, GuardrailRateAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<AgentAnomalyDetected>, AgentAnomalyAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<PipelineRunFailed>, PipelineRunFailedAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<BatchJobFailed>, BatchJobFailedAlertMap>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IncidentMetrics>();
        builder.Services.AddSingleton<IncidentStore>();
        builder.Services.AddSingleton<IncidentActions>();
        builder.Services.AddSingleton<AlertIntake>();
        builder.Services.AddSingleton<AlertBatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AlertBatcher>());
        builder.Services.AddSingleton<RuleStore>();
        builder.Services.AddHostedService<QuietIncidentResolver>();
        builder.AddRunbooks();
        builder.AddPostmortems();
        builder.AddSlos();
    }

    private static void AddSlos(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SloOptions>().BindConfiguration(SloOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ObjectiveStore>();
        builder.Services.AddHttpClient(PrometheusClient.HttpClientName);
        builder.Services.AddSingleton<PrometheusClient>();
        builder.Services.AddSingleton<SloBurn>();
        builder.Services.AddSingleton<SloRulesWriter>();
        builder.Services.AddHostedService<SloRulesSync>();
    }

    private static void AddRunbooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunbookStore>();
        builder.Services.AddSingleton<RunbookSignal>();
        builder.Services.AddSingleton<RunbookRuns>();
        builder.Services.AddSingleton<RunbookValidator>();
        builder.Services.AddSingleton<Definitions.ShippedDefinitions>();
        foreach (var step in new[] { typeof(NotifyStep), typeof(WaitStep), typeof(ApprovalStep), typeof(ResolveStep), typeof(EscalateStep),
                     typeof(RollbackStep), typeof(RetrainStep), typeof(WaitForStep) })
        {
            builder.Services.AddSingleton(typeof(IStepType), step);
        }
        builder.AddPlatformCalls();
        builder.Services.AddSingleton<IStepType, PausePipelineStep>();
        builder.Services.AddSingleton<IStepType, ResumePipelineStep>();
        builder.Services.AddSingleton<IStepType, SetTrafficStep>();
        builder.Services.AddSingleton<IStepType, CanaryStep>();
        builder.Services.AddSingleton<IStepType, ThrottleLlmKeyStep>();
        builder.Services.AddSingleton<IStepType, BlockLlmKeyStep>();
        builder.Services.AddSingleton<RunbookRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RunbookRunner>());
    }
}
