using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using MlOps.ServiceDefaults.Metrics;
using MlOps.TestSupport;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>The gauge freshness objectives read: when each tenant's dataset last loaded successfully, on /metrics.</summary>
public sealed partial class FreshnessGaugeTests : IAsyncLifetime
{
    private readonly IngestService _service = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task Run_Succeeded_GaugeShowsTheLoadTimeForTenantAndDataset()
    {
        var tenant = "fresh" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllTextAsync(Path.Combine(_service.FilesRootOf(tenant), "orders.csv"), "id,total\n1,9.5\n", TestContext.Current.CancellationToken);
        var client = _service.Client(tenant);
        await RunPolling.CreateAsync(client, new
        {
            name = "orders", dataset = "orders",
            source = new { type = "files", config = new { format = "csv", resource = "orders", location = new { type = "path", path = "orders.csv" } } },
        });
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        var run = await RunPolling.RunToEndAsync(client, "orders");

        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var loadedAt = await Eventually.WaitAsync(() => GaugeAsync(tenant, "orders"), v => v is not null, "the dataset's gauge on /metrics");
        Assert.InRange(loadedAt!.Value, before, after);
    }

    private async Task<double?> GaugeAsync(string tenant, string dataset)
    {
        using var scraper = _service.Factory.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.MetricsCredential);
        var text = await scraper.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(SloMetrics.IngestLastSuccessSeries + "{", StringComparison.Ordinal)
            && l.Contains($"tenant=\"{tenant}\"", StringComparison.Ordinal) && l.Contains($"dataset=\"{dataset}\"", StringComparison.Ordinal));
        return line is null ? null : double.Parse(Value().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\} (\S+)")]
    private static partial Regex Value();
}
