using MassTransit;
using MlOps.Contracts;
using MlOps.Incident.Runbooks;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Incident.Consumers;

/// <summary>Records what another service announced, once per message, for the runbook steps waiting on it.</summary>
public abstract class FactConsumer<T>(Inbox inbox, string kind) : IConsumer<T> where T : IntegrationMessage
{
    public async Task Consume(ConsumeContext<T> context)
    {
        await using var handling = await inbox.TryBeginAsync(context, this);
        if (handling is null)
        {
            return;
        }
        var (subject, data) = Describe(context.Message);
        await PlatformFacts.RecordAsync(handling.Transaction, context.Message.TenantId, kind, subject, data, context.CancellationToken);
        await handling.CommitAsync(context.CancellationToken);
    }

    protected abstract (string Subject, object Data) Describe(T message);
}

public sealed class AliasChangedFactConsumer(Inbox inbox) : FactConsumer<ModelAliasChanged>(inbox, PlatformFacts.AliasChanged)
{
    protected override (string, object) Describe(ModelAliasChanged m) => (m.ModelName, new { m.Alias, m.OldVersion, m.NewVersion });
}

public sealed class VersionRegisteredFactConsumer(Inbox inbox) : FactConsumer<ModelVersionRegistered>(inbox, PlatformFacts.VersionRegistered)
{
    protected override (string, object) Describe(ModelVersionRegistered m) => (m.ModelName, new { m.Version });
}

public sealed class ModelServingFactConsumer(Inbox inbox) : FactConsumer<ModelServing>(inbox, PlatformFacts.Serving)
{
    protected override (string, object) Describe(ModelServing m) => (m.ModelName, new { m.Alias, m.Version, m.Replica });
}

public sealed class WindowEvaluatedFactConsumer(Inbox inbox) : FactConsumer<DriftWindowEvaluated>(inbox, PlatformFacts.WindowEvaluated)
{
    protected override (string, object) Describe(DriftWindowEvaluated m) => (m.ModelName, new { m.Version, m.WindowId, m.Drifted, m.ClosedAt, m.Kind });
}

public sealed class CanaryDecidedFactConsumer(Inbox inbox) : FactConsumer<CanaryDecided>(inbox, PlatformFacts.CanaryDecided)
{
    protected override (string, object) Describe(CanaryDecided m) => (m.ModelName, new
    {
        m.RolloutId, m.Decision, m.ChallengerVersion, m.ChampionVersion, m.TrafficPercent, m.Reason, m.Requests, m.ErrorRate, m.P99Milliseconds, m.Agreement,
        m.PredictionPsi, m.OccurredAt,
    });
}
