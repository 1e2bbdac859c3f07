using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MlOps.TestSupport;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// The whole AppHost, started once: local PostgreSQL and RabbitMQ on their own ports and data folder (never the
/// developer's), every service, and the gateway. Teardown takes a while, so all end-to-end tests share it.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "mlops-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public DistributedApplication App { get; private set; } = null!;

    public string AdminKey { get; private set; } = "";

    /// <summary>A fake PagerDuty events API over real HTTP: incident's PagerDuty base URL points here.</summary>
    public WebhookReceiver PagerDuty { get; private set; } = null!;

    /// <summary>The repository's root (where MlOps.sln is), for files the tests send.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "MlOps.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }
        return root;
    }

    public static readonly string[] Services = ["ingest", "registry", "trainer", "inference", "drift", "guardrail-gateway", "agentops-tracer", "incident", "feature-store"];

    public async ValueTask InitializeAsync()
    {
        using var cancellation = new CancellationTokenSource(StartTimeout);
        PagerDuty = await WebhookReceiver.StartAnsweringAsync(202);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MlOps_AppHost>(
        [
            "--MlOps:Infrastructure:Mode=local",
            $"--MlOps:Infrastructure:DataDir={_dataDir}",
            "--MlOps:Infrastructure:PostgresPort=27432",
            "--MlOps:Infrastructure:RabbitMqPort=27672",
            "--MlOps:GatewayPort=28080",
            $"--MlOps:Incident:PagerDuty:BaseUrl={PagerDuty.BaseUrl}",
        ], cancellation.Token);
        App = await builder.BuildAsync(cancellation.Token);
        await StartWatchingServersAsync(cancellation);
        AdminKey = (await File.ReadAllTextAsync(Path.Combine(_dataDir, "admin-key"), cancellation.Token)).Trim();
    }

    /// <summary>Starts the platform and waits for the gateway; a server that exits first ends the wait with its output.</summary>
    private async Task StartWatchingServersAsync(CancellationTokenSource cancellation)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation.Token);
        var watch = new InfrastructureWatch(App);
        var recording = watch.RecordStatesAsync(watching.Token);
        var serverExit = watch.FirstServerExitAsync(watching.Token);
        var start = StartAndWaitForGatewayAsync(cancellation.Token);
        try
        {
            if (await Task.WhenAny(start, serverExit) == serverExit && serverExit.IsCompletedSuccessfully)
            {
                await cancellation.CancelAsync();
                throw new InvalidOperationException(await serverExit);
            }
            await start;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested && !serverExit.IsCompletedSuccessfully)
        {
            throw new TimeoutException(watch.DescribeResources());
        }
        finally
        {
            await watching.CancelAsync();
            // Both watchers end by cancellation; neither has anything left to report.
            await Task.WhenAll(recording, serverExit).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task StartAndWaitForGatewayAsync(CancellationToken cancellationToken)
    {
        await App.StartAsync(cancellationToken);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cancellationToken);
    }

    public HttpClient Gateway(string? key)
    {
        var client = App.CreateHttpClient("gateway");
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        }
        return client;
    }

    /// <summary>
    /// The gateway's log entries about requests it could not forward (event 2300, with the transport's exception), for a
    /// report that shows a 502 or 504: the test alone sees only the status.
    /// </summary>
    public async Task<string> GatewayForwardingFailuresAsync(CancellationToken cancellationToken)
    {
        var entries = new StringBuilder();
        var inEntry = false;
        await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync("gateway").WithCancellation(cancellationToken))
        {
            foreach (var line in batch)
            {
                // The console logger writes an entry's category on its first line and indents the rest (message, exception).
                inEntry = line.Content.Contains("ForwarderErrorLogMiddleware[2300]", StringComparison.Ordinal)
                    || (inEntry && line.Content.StartsWith(' '));
                if (inEntry && entries.Length < MaxLogExcerptCharacters)
                {
                    entries.Append("\n  ").Append(line.Content);
                }
            }
        }
        return entries.Length == 0 ? "\nthe gateway logged no forwarding failure" : "\nthe gateway's forwarding failures:" + entries;
    }

    private const int MaxLogExcerptCharacters = 20_000;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await PagerDuty.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be releasing a file; the folder is under the temp directory anyway.
        }
    }
}
