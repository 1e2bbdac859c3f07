using Microsoft.Extensions.Options;
using MlOps.Ingest.Pipelines;
using MlOps.Ingest.Runs;
using Npgsql;

namespace MlOps.Ingest.Demo;

/// <summary>
/// On first start, puts the demo loans file under the demo tenant's files root, creates the demo pipeline for the demo tenant and runs it
/// once, so the trainer can train the demo model from the warehouse. An existing demo pipeline is left as it is.
/// </summary>
public sealed class DemoPipelineBootstrapper(PipelineValidator validator, PipelineStore pipelines, RunStore runs, RunSignal signal, NpgsqlDataSource db,
    IOptions<IngestOptions> options, IHostEnvironment environment, ILogger<DemoPipelineBootstrapper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The database may still be starting; a failure here must never stop the service, so retry a few times, then give up.
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await BootstrapAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                IngestLog.DemoPipelineFailed(logger, e, attempt);
                if (attempt == 5)
                {
                    return;
                }
                await Task.Delay(TimeSpan.FromSeconds(2 * attempt), stoppingToken);
            }
        }
    }

    private async Task BootstrapAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // Path locations resolve under the tenant's own folder of the files root.
        var filesRoot = Path.GetFullPath(settings.FilesRoot, environment.ContentRootPath);
        var target = Path.Combine(filesRoot, settings.DemoTenant, "demo", DemoPipeline.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Demo", DemoPipeline.FileName), target, overwrite: true);
        if (validator.Problems(DemoPipeline.Request).FirstOrDefault() is { } problem)
        {
            throw new InvalidOperationException($"The demo pipeline is invalid: {string.Join(", ", problem.MemberNames)}: {problem.ErrorMessage}");
        }
        if (await pipelines.CreateAsync(settings.DemoTenant, validator.Definition(DemoPipeline.Request), stoppingToken) is not { } created)
        {
            return;
        }
        await using var connection = await db.OpenConnectionAsync(stoppingToken);
        await runs.EnqueueAsync(connection, settings.DemoTenant, created.Id, created.Name, "demo", stoppingToken);
        signal.Notify();
        IngestLog.DemoPipelineQueued(logger, settings.DemoTenant, created.Name);
    }
}
