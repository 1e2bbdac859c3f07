using MassTransit;
using MlOps.Contracts;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Consumers;

/// <summary>Retrains a model on command; the run is keyed by the message id, so a redelivery does not train twice.</summary>
public sealed class RetrainModelConsumer(TrainingRunner runner) : IConsumer<RequestRetraining>
{
    public async Task Consume(ConsumeContext<RequestRetraining> context)
    {
        var command = context.Message;
        await runner.RunAsync(command.TenantId, command.ModelName, null, command.Reason, command.Id, context.CancellationToken);
    }
}
