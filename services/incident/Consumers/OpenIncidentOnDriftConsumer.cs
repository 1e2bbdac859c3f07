using MassTransit;
using MlOps.Contracts;
using MlOps.Incident.Services;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Incident.Consumers;

/// <summary>Opens an incident for each drift detection, once per message however often the broker delivers it.</summary>
public sealed class OpenIncidentOnDriftConsumer(Inbox inbox, IncidentStore incidents) : IConsumer<DriftDetected>
{
    public async Task Consume(ConsumeContext<DriftDetected> context)
    {
        await using var handling = await inbox.TryBeginAsync(context, this);
        if (handling is null)
        {
            return;
        }
        var drift = context.Message;
        var features = string.Join(", ", drift.Features.Select(f => f.Feature));
        await incidents.OpenAsync(handling.Transaction, drift.TenantId, $"Drift on {drift.ModelName} v{drift.Version}: {features}",
            MapSeverity(drift.Severity), "drift", drift.CorrelationId, context.CancellationToken);
        await handling.CommitAsync(context.CancellationToken);
    }

    private static string MapSeverity(string driftSeverity) => driftSeverity switch
    {
        "high" => "high",
        "medium" => "medium",
        _ => "low",
    };
}
