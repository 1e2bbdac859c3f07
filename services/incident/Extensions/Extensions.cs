using MlOps.Contracts;
using MlOps.Incident.Alerts;
using MlOps.Incident.Consumers;
using MlOps.Incident.Lifecycle;
using MlOps.Incident.Notifications;
using MlOps.Incident.Rules;
using MlOps.Incident.Services;

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
            bus.AddConsumer<PlatformAlertConsumer<DriftDetected>>();
            bus.AddConsumer<PlatformAlertConsumer<DataQualityFailed>>();
            bus.AddConsumer<PlatformAlertConsumer<LlmBudgetAlerted>>();
            bus.AddConsumer<PlatformAlertConsumer<GuardrailViolated>>();
            bus.AddConsumer<PlatformAlertConsumer<AgentAnomalyDetected>>();
        });
        builder.Services.AddSingleton<IPlatformAlertMap<DriftDetected>, DriftAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<DataQualityFailed>, DataQualityAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<LlmBudgetAlerted>, LlmBudgetAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<GuardrailViolated>, GuardrailRateAlertMap>();
        builder.Services.AddSingleton<IPlatformAlertMap<AgentAnomalyDetected>, AgentAnomalyAlertMap>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IncidentMetrics>();
        builder.Services.AddSingleton<IncidentStore>();
        builder.Services.AddSingleton<IncidentActions>();
        builder.Services.AddSingleton<AlertIntake>();
        builder.Services.AddSingleton<RuleStore>();
        builder.Services.AddHostedService<QuietIncidentResolver>();
    }
}
