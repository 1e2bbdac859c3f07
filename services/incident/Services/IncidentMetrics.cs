using System.Diagnostics.Metrics;

namespace MlOps.Incident.Services;

/// <summary>Incidents opened, and the time to acknowledge (MTTA) and to resolve (MTTR) as histograms on /metrics.</summary>
public sealed class IncidentMetrics
{
    public const string MeterName = "MlOps.Incident";

    private readonly Counter<long> _opened;
    private readonly Histogram<double> _toAcknowledge;
    private readonly Histogram<double> _toResolve;

    public IncidentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _opened = meter.CreateCounter<long>("mlops.incident.opened", "{incident}", "Incidents opened.");
        _toAcknowledge = meter.CreateHistogram<double>("mlops.incident.time_to_acknowledge", "s", "From opening to the first acknowledgement (MTTA).");
        _toResolve = meter.CreateHistogram<double>("mlops.incident.time_to_resolve", "s", "From opening to resolution (MTTR).");
    }

    public void Opened(string tenant, string source) =>
        _opened.Add(1, new KeyValuePair<string, object?>("tenant", tenant), new KeyValuePair<string, object?>("source", source));

    public void Acknowledged(string tenant, TimeSpan sinceOpened) =>
        _toAcknowledge.Record(sinceOpened.TotalSeconds, new KeyValuePair<string, object?>("tenant", tenant));

    public void Resolved(string tenant, TimeSpan sinceOpened) =>
        _toResolve.Record(sinceOpened.TotalSeconds, new KeyValuePair<string, object?>("tenant", tenant));
}
