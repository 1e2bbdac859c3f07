using MassTransit;
using MlOps.Contracts;
using MlOps.Incident.Alerts;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Incident.Consumers;

/// <summary>
/// Raises platform events as alerts, a batch at a time: each message is recorded in the inbox (skipped when already handled)
/// and the batch's alerts, grouped like the API's, are applied in the same transaction, so a burst on one key costs one row
/// update and one commit per batch, and a redelivered message changes nothing.
/// </summary>
public abstract class PlatformAlertConsumer<T>(NpgsqlDataSource db, AlertIntake intake, IPlatformAlertMap<T> map) : IConsumer<Batch<T>>
    where T : IntegrationMessage
{
    public async Task Consume(ConsumeContext<Batch<T>> context)
    {
        var cancellationToken = context.CancellationToken;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var alerts = new List<(AlertSignal Alert, Guid Correlation)>();
        foreach (var message in context.Message)
        {
            if (await Inbox.TryRecordAsync(transaction, message.MessageId ?? message.Message.Id, GetType().Name, typeof(T).Name, cancellationToken)
                && await map.ToAlertAsync(transaction, message.Message, cancellationToken) is { } alert)
            {
                alerts.Add((alert, message.Message.CorrelationId));
            }
        }
        foreach (var group in AlertGroups.Group(alerts, a => a.Alert))
        {
            await intake.ReceiveAsync(transaction, AlertGroups.Counted(group, a => a.Alert), group[0].Correlation, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>Batches of up to 200 platform events, or what arrived within 20 ms; one batch at a time per consumer and replica.</summary>
public sealed class PlatformAlertConsumerDefinition<TConsumer, T> : ConsumerDefinition<TConsumer>
    where TConsumer : PlatformAlertConsumer<T>
    where T : IntegrationMessage
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 400;
        consumerConfigurator.Options<BatchOptions>(options => options.SetMessageLimit(200).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(1));
    }
}

/// <summary>How one platform event becomes an alert; null when it raises none (a guardrail hit below its rate).</summary>
public interface IPlatformAlertMap<in T>
{
    Task<AlertSignal?> ToAlertAsync(Npgsql.NpgsqlTransaction transaction, T message, CancellationToken cancellationToken);
}

/// <summary>Each event type has its own consumer class, so each has its own queue (and error queue) named after it.</summary>
public sealed class OpenIncidentOnDriftConsumer(NpgsqlDataSource db, AlertIntake intake, IPlatformAlertMap<DriftDetected> map)
    : PlatformAlertConsumer<DriftDetected>(db, intake, map);

public sealed class AlertOnDataQualityConsumer(NpgsqlDataSource db, AlertIntake intake, IPlatformAlertMap<DataQualityFailed> map)
    : PlatformAlertConsumer<DataQualityFailed>(db, intake, map);

public sealed class AlertOnLlmBudgetConsumer(NpgsqlDataSource db, AlertIntake intake, IPlatformAlertMap<LlmBudgetAlerted> map)
    : PlatformAlertConsumer<LlmBudgetAlerted>(db, intake, map);

public sealed class AlertOnGuardrailRateConsumer(NpgsqlDataSource db, AlertIntake intake, IPlatformAlertMap<GuardrailViolated> map)
    : PlatformAlertConsumer<GuardrailViolated>(db, intake, map);

public sealed class AlertOnAgentAnomalyConsumer(NpgsqlDataSource db, AlertIntake intake, IPlatformAlertMap<AgentAnomalyDetected> map)
    : PlatformAlertConsumer<AgentAnomalyDetected>(db, intake, map);

public sealed class AlertOnPipelineRunFailedConsumer(NpgsqlDataSource db, AlertIntake intake, IPlatformAlertMap<PipelineRunFailed> map)
    : PlatformAlertConsumer<PipelineRunFailed>(db, intake, map);

public sealed class AlertOnBatchJobFailedConsumer(NpgsqlDataSource db, AlertIntake intake, IPlatformAlertMap<BatchJobFailed> map)
    : PlatformAlertConsumer<BatchJobFailed>(db, intake, map);
