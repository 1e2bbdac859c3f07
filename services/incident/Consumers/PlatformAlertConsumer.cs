using MassTransit;
using MlOps.Contracts;
using MlOps.Incident.Alerts;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Incident.Consumers;

/// <summary>Raises a platform event as an alert, once per message however often the broker delivers it.</summary>
public abstract class PlatformAlertConsumer<T>(Inbox inbox, AlertIntake intake, IPlatformAlertMap<T> map) : IConsumer<T>
    where T : IntegrationMessage
{
    public async Task Consume(ConsumeContext<T> context)
    {
        await using var handling = await inbox.TryBeginAsync(context, this);
        if (handling is null)
        {
            return;
        }
        if (await map.ToAlertAsync(handling.Transaction, context.Message, context.CancellationToken) is { } alert)
        {
            await intake.ReceiveAsync(handling.Transaction, alert, context.Message.CorrelationId, context.CancellationToken);
        }
        await handling.CommitAsync(context.CancellationToken);
    }
}

/// <summary>How one platform event becomes an alert; null when it raises none (a guardrail hit below its rate).</summary>
public interface IPlatformAlertMap<in T>
{
    Task<AlertSignal?> ToAlertAsync(Npgsql.NpgsqlTransaction transaction, T message, CancellationToken cancellationToken);
}

/// <summary>Each event type has its own consumer class, so each has its own queue (and error queue) named after it.</summary>
public sealed class OpenIncidentOnDriftConsumer(Inbox inbox, AlertIntake intake, IPlatformAlertMap<DriftDetected> map)
    : PlatformAlertConsumer<DriftDetected>(inbox, intake, map);

public sealed class AlertOnDataQualityConsumer(Inbox inbox, AlertIntake intake, IPlatformAlertMap<DataQualityFailed> map)
    : PlatformAlertConsumer<DataQualityFailed>(inbox, intake, map);

public sealed class AlertOnLlmBudgetConsumer(Inbox inbox, AlertIntake intake, IPlatformAlertMap<LlmBudgetAlerted> map)
    : PlatformAlertConsumer<LlmBudgetAlerted>(inbox, intake, map);

public sealed class AlertOnGuardrailRateConsumer(Inbox inbox, AlertIntake intake, IPlatformAlertMap<GuardrailViolated> map)
    : PlatformAlertConsumer<GuardrailViolated>(inbox, intake, map);

public sealed class AlertOnAgentAnomalyConsumer(Inbox inbox, AlertIntake intake, IPlatformAlertMap<AgentAnomalyDetected> map)
    : PlatformAlertConsumer<AgentAnomalyDetected>(inbox, intake, map);

public sealed class AlertOnPipelineRunFailedConsumer(Inbox inbox, AlertIntake intake, IPlatformAlertMap<PipelineRunFailed> map)
    : PlatformAlertConsumer<PipelineRunFailed>(inbox, intake, map);

public sealed class AlertOnBatchJobFailedConsumer(Inbox inbox, AlertIntake intake, IPlatformAlertMap<BatchJobFailed> map)
    : PlatformAlertConsumer<BatchJobFailed>(inbox, intake, map);
