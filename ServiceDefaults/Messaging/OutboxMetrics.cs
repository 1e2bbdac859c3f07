using System.Diagnostics.Metrics;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>Counters that show whether the outbox keeps up and whether the broker refuses messages.</summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "MlOps.Outbox";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _sent = meter.CreateCounter<long>("mlops.outbox.sent", description: "Outbox messages published to the broker");
        _failed = meter.CreateCounter<long>("mlops.outbox.failed", description: "Outbox publish attempts that failed and will be retried");
    }

    public void Sent(int count) => _sent.Add(count);

    public void Failed() => _failed.Add(1);
}
