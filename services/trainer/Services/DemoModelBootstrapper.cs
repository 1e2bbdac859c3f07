using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Services;

/// <summary>
/// On first start, trains and promotes the demo model when the demo tenant has no champion for it, so predictions work at
/// once: from the table ingest's demo pipeline loads (dataset `demo`, table `loans`), or from the embedded copy of the same
/// file when no warehouse load arrives within DemoDataWait. Replicas starting together take turns (an advisory lock): the
/// first trains, the others then find its champion.
/// </summary>
public sealed class DemoModelBootstrapper(RegistryClient registry, TrainingRunner runner, WarehouseTrainingData warehouse, TimeProvider clock,
    Npgsql.NpgsqlDataSource db, IOptions<TrainerOptions> options, ILogger<DemoModelBootstrapper> logger) : BackgroundService
{
    public static TrainingDataRef DemoData(string tenant) => new()
    {
        TenantId = tenant, Dataset = "demo", Table = "loans", LabelColumn = TabularSpec.CreditDefault.Label,
        // The embedded training's features, in its order: the model's inputs stay the ones the README's examples send.
        FeatureColumns = [.. TabularSpec.CreditDefault.Features],
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // The registry starts alongside the trainer: wait for it rather than fail.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Held for the whole bootstrap on a connection of its own; a replica that dies releases it with its connection.
                await using var turn = await db.OpenConnectionAsync(stoppingToken);
                await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('trainer-demo-bootstrap', 0))", turn))
                {
                    await take.ExecuteNonQueryAsync(stoppingToken);
                }
                if (!await registry.HasChampionAsync(settings.DemoTenant, DemoTraining.ModelName, stoppingToken))
                {
                    var data = await WaitForDemoTableAsync(settings, stoppingToken);
                    TrainerLog.TrainingDemoModel(logger, settings.DemoTenant, DemoTraining.ModelName, data is null ? "the embedded file" : "the warehouse");
                    await runner.RunAsync(settings.DemoTenant, DemoTraining.ModelName, data, "demo model bootstrap", null, promote: true, stoppingToken);
                }
                return;
            }
            // Whatever fails (the registry slow past its resilience timeout, the database, the training), the bootstrap tries again:
            // an exception escaping a BackgroundService would stop the whole trainer.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                TrainerLog.DemoBootstrapRetry(logger, e.GetType().Name, e.Message, settings.RegistryRetryDelay);
                await Task.Delay(settings.RegistryRetryDelay, stoppingToken);
            }
        }
    }

    private async Task<TrainingDataRef?> WaitForDemoTableAsync(TrainerOptions settings, CancellationToken cancellationToken)
    {
        if (!warehouse.IsConfigured)
        {
            return null;
        }
        var data = DemoData(settings.DemoTenant);
        var deadline = clock.GetUtcNow() + settings.DemoDataWait;
        while (true)
        {
            try
            {
                if (await warehouse.HasCommittedLoadAsync(data.TenantId, data.Dataset, cancellationToken))
                {
                    return data;
                }
            }
            catch (Npgsql.NpgsqlException e)
            {
                // The warehouse starts alongside the trainer; keep waiting until the deadline.
                TrainerLog.WarehouseUnavailable(logger, e.Message);
            }
            if (clock.GetUtcNow() >= deadline)
            {
                return null;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
        }
    }
}
