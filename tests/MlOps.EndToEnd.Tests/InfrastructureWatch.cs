using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// Says why the platform did not come up. Services wait for PostgreSQL and RabbitMQ without end, so a server that
/// exits (a port already taken, say) would otherwise show only as a start timeout with no cause.
/// </summary>
internal sealed class InfrastructureWatch(DistributedApplication app)
{
    private static readonly string[] Servers = ["postgres", "rabbitmq"];
    private const int FirstLinesShown = 10;
    private const int LastLinesShown = 40;
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _latest = new();

    /// <summary>Keeps each resource's latest state until cancelled, for the report of a start that timed out.</summary>
    public async Task RecordStatesAsync(CancellationToken cancellationToken)
    {
        await foreach (var resourceEvent in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            _latest[resourceEvent.ResourceId] = resourceEvent.Snapshot;
        }
    }

    /// <summary>Completes with a description when a server exits; runs until cancelled otherwise.</summary>
    public async Task<string> FirstServerExitAsync(CancellationToken cancellationToken)
    {
        var exits = Servers.Select(name => app.ResourceNotifications.WaitForResourceAsync(name, IsTerminal, cancellationToken)).ToList();
        var exited = await await Task.WhenAny(exits);
        var state = exited.Snapshot;
        var report = new StringBuilder($"{exited.Resource.Name} ended ({state.State?.Text}, exit code {state.ExitCode?.ToString() ?? "none"}) before the platform was up; its output:");
        await AppendOutputAsync(exited.ResourceId, report, cancellationToken);
        return report.ToString();
    }

    /// <summary>Each resource's state and health, for a start that timed out with every server still running.</summary>
    public string DescribeResources()
    {
        var report = new StringBuilder("the platform did not become healthy in time; resources:");
        foreach (var (resourceId, snapshot) in _latest.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            report.Append($"\n  {resourceId}: {snapshot.State?.Text ?? "no state"}, {snapshot.HealthStatus?.ToString() ?? "no health check"}");
        }
        return report.ToString();
    }

    private static bool IsTerminal(ResourceEvent resourceEvent) =>
        resourceEvent.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);

    // The first lines (the start scripts' own warnings, such as a port already held) and the last (the server's error).
    private async Task AppendOutputAsync(string resourceId, StringBuilder report, CancellationToken cancellationToken)
    {
        var (first, last, skipped) = (new List<string>(), new Queue<string>(), 0);
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resourceId).WithCancellation(cancellationToken))
        {
            foreach (var line in batch)
            {
                if (first.Count < FirstLinesShown)
                {
                    first.Add(line.Content);
                    continue;
                }
                last.Enqueue(line.Content);
                if (last.Count > LastLinesShown)
                {
                    last.Dequeue();
                    skipped++;
                }
            }
        }
        foreach (var line in first)
        {
            report.Append("\n  ").Append(line);
        }
        if (skipped > 0)
        {
            report.Append($"\n  … {skipped} lines …");
        }
        foreach (var line in last)
        {
            report.Append("\n  ").Append(line);
        }
    }
}
