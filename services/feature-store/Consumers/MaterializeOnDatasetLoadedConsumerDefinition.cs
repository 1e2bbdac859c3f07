using MassTransit;

namespace MlOps.FeatureStore.Consumers;

/// <summary>Loads arrive one table at a time; a few in flight are plenty, as runs are queued and coalesced, not done here.</summary>
public sealed class MaterializeOnDatasetLoadedConsumerDefinition : ConsumerDefinition<MaterializeOnDatasetLoadedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MaterializeOnDatasetLoadedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 16;
        endpointConfigurator.ConcurrentMessageLimit = 4;
    }
}
