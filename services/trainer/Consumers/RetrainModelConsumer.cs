using MassTransit;
using MlOps.Contracts;
using MlOps.Trainer.Services;

namespace MlOps.Trainer.Consumers;

/// <summary>
/// Retrains a model on command, on the data named or else the model's last training data; the run is keyed by the message
/// id, so a redelivery does not train twice, and bad data fails the run with the reason recorded. The new version lands on
/// challenger: retraining never promotes by itself.
/// </summary>
public sealed class RetrainModelConsumer(TrainingRunner runner) : IConsumer<RequestRetraining>
{
    public async Task Consume(ConsumeContext<RequestRetraining> context)
    {
        var command = context.Message;
        await runner.RunAsync(command.TenantId, command.ModelName, command.Data, command.Reason, command.Id, promote: false, context.CancellationToken);
    }
}
