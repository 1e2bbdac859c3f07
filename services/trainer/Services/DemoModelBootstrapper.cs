using Microsoft.Extensions.Options;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Services;

/// <summary>On first start, trains and promotes the demo model when the demo tenant has no champion for it, so predictions work at once.</summary>
public sealed class DemoModelBootstrapper(RegistryClient registry, TrainingRunner runner, IOptions<TrainerOptions> options, ILogger<DemoModelBootstrapper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // The registry starts alongside the trainer: wait for it rather than fail.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await registry.HasChampionAsync(settings.DemoTenant, DemoTraining.ModelName, stoppingToken))
                {
                    TrainerLog.TrainingDemoModel(logger, settings.DemoTenant, DemoTraining.ModelName);
                    await runner.RunAsync(settings.DemoTenant, DemoTraining.ModelName, null, "demo model bootstrap", null, stoppingToken);
                }
                return;
            }
            catch (Exception e) when (e is HttpRequestException or RegistryCallException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                TrainerLog.RegistryUnavailable(logger, e.Message, settings.RegistryRetryDelay);
                await Task.Delay(settings.RegistryRetryDelay, stoppingToken);
            }
        }
    }
}
