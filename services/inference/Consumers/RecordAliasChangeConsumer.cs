using MassTransit;
using MlOps.Contracts;
using MlOps.Inference.Loading;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Consumers;

/// <summary>Records champion/challenger moves; the newest event wins, so redelivered or reordered events change nothing.</summary>
public sealed class RecordAliasChangeConsumer(DeploymentStore store) : IConsumer<ModelAliasChanged>
{
    public async Task Consume(ConsumeContext<ModelAliasChanged> context)
    {
        var change = context.Message;
        if (change.Alias is not (Deployment.Champion or Deployment.Challenger))
        {
            return;
        }
        await store.SetAliasAsync(new ModelKey(change.TenantId, change.ModelName), change.Alias, change.NewVersion, change.OccurredAt, context.CancellationToken);
    }
}
