using MassTransit;
using MlOps.Contracts;
using MlOps.Drift.Monitoring;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Drift.Consumers;

/// <summary>Adds each logged batch to its model version's monitoring window, once per message however often it is delivered.</summary>
public sealed class RecordPredictionsConsumer(Inbox inbox, WindowStore windows, WindowSignal signal) : IConsumer<PredictionsLogged>
{
    public async Task Consume(ConsumeContext<PredictionsLogged> context)
    {
        var logged = context.Message;
        if (logged.Predictions.Count == 0)
        {
            return;
        }
        await using var handling = await inbox.TryBeginAsync(context, this);
        if (handling is null)
        {
            return;
        }
        var closed = await windows.AppendAsync(handling.Transaction, logged, context.CancellationToken);
        await handling.CommitAsync(context.CancellationToken);
        if (closed)
        {
            signal.Notify();
        }
    }
}
