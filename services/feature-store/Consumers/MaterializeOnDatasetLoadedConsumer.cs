using MassTransit;
using MlOps.Contracts;
using MlOps.FeatureStore.Definitions;
using MlOps.FeatureStore.Materialization;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.FeatureStore.Consumers;

/// <summary>A load into a table some of the tenant's feature views read queues their materialization, once per message.</summary>
public sealed class MaterializeOnDatasetLoadedConsumer(Inbox inbox, DefinitionStore store, MaterializationSignal signal) : IConsumer<DatasetLoaded>
{
    public async Task Consume(ConsumeContext<DatasetLoaded> context)
    {
        var loaded = context.Message;
        var views = (await store.ListAsync(loaded.TenantId, DefinitionKind.FeatureView, context.CancellationToken))
            .Select(v => v.As<FeatureViewDefinition>()!)
            .Where(v => v.Dataset == loaded.Dataset && v.Table == loaded.Table)
            .Select(v => v.Name!).Order(StringComparer.Ordinal).ToArray();
        if (views.Length == 0)
        {
            return;
        }
        await using var handling = await inbox.TryBeginAsync(context, this);
        if (handling is null)
        {
            return;
        }
        await MaterializationRuns.EnqueueAsync(handling.Transaction, loaded.TenantId, "dataset_loaded", views, context.CancellationToken);
        await handling.CommitAsync(context.CancellationToken);
        signal.Notify();
    }
}
