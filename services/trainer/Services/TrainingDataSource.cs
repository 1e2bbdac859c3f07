using MlOps.Contracts;
using MlOps.ServiceDefaults.Identity;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Services;

/// <summary>
/// What a run trains on: the data asked for (a warehouse table or a feature store training set), else the data the model's
/// latest version was trained on (its lineage), else the embedded demo data (null) for the demo model.
/// </summary>
public sealed class TrainingDataSource(RegistryClient registry, WarehouseTrainingData warehouse, FeatureStoreTrainingData featureStore)
{
    /// <param name="onBehalfOf">The user who asked for the run (a training set is read with the user's scopes), or null for the trainer itself.</param>
    public async Task<TrainingSet?> PrepareAsync(string tenant, string model, TrainingDataRef? data, CallerIdentity? onBehalfOf,
        CancellationToken cancellationToken)
    {
        data ??= (await registry.LatestTrainingDataAsync(tenant, model, cancellationToken))?.ToRef(tenant);
        if (data is null)
        {
            return model == DemoTraining.ModelName ? null : throw new TrainingDataUnavailableException(
                $"No training data for '{model}': name a warehouse table or a training set in 'data' (no version of the model was trained on one).");
        }
        // The data read is the tenant's own: a reference never reaches another tenant's data, whoever built it.
        return data.TrainingSet is not null
            ? await featureStore.ReadAsync(data with { TenantId = tenant }, onBehalfOf, cancellationToken)
            : await warehouse.ReadAsync(data with { TenantId = tenant }, cancellationToken);
    }
}
