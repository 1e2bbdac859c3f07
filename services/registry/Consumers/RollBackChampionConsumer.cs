using MassTransit;
using MlOps.Contracts;
using MlOps.Registry.Services;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Registry.Consumers;

/// <summary>Rolls champion back on RequestRollback (from incident), in the same transaction as the inbox record: once per message.</summary>
public sealed partial class RollBackChampionConsumer(Inbox inbox, AliasMover aliases, ILogger<RollBackChampionConsumer> logger) : IConsumer<RequestRollback>
{
    public async Task Consume(ConsumeContext<RequestRollback> context)
    {
        await using var handling = await inbox.TryBeginAsync(context, this);
        if (handling is null)
        {
            return;
        }
        var request = context.Message;
        var caller = new RegistryCaller($"message:{context.MessageId}", new HashSet<string>());
        var move = await aliases.RollbackAsync(handling.Transaction, request.TenantId, request.ModelName, null, request.Reason, caller, context.CancellationToken);
        // Nothing to roll back to is an answer, not a failure to retry: the message is still recorded as handled.
        LogRollback(logger, request.ModelName, move.Outcome, move.Alias?.Version);
        await handling.CommitAsync(context.CancellationToken);
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Rollback requested for {Model}: {Outcome}, champion now v{Version}")]
    private static partial void LogRollback(ILogger logger, string model, AliasMoveOutcome outcome, int? version);
}
