using MlOps.Contracts;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Services;

/// <summary>
/// What a run trains on: the warehouse data asked for, else the data the model's latest version was trained on (its lineage),
/// else the embedded demo data (null) for the demo model.
/// </summary>
public sealed class TrainingDataSource(RegistryClient registry, WarehouseTrainingData warehouse)
{
    public async Task<TrainingSet?> PrepareAsync(string tenant, string model, TrainingDataRef? data, CancellationToken cancellationToken)
    {
        data ??= (await registry.LatestTrainingDataAsync(tenant, model, cancellationToken))?.ToRef(tenant);
        if (data is null)
        {
            return model == DemoTraining.ModelName ? null : throw new TrainingDataUnavailableException(
                $"No training data for '{model}': name a warehouse table in 'data' (no version of the model was trained on one).");
        }
        // The schema read is the tenant's own: a reference never reaches another tenant's data, whoever built it.
        return await warehouse.ReadAsync(data with { TenantId = tenant }, cancellationToken);
    }
}
