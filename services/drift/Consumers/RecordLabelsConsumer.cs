using MassTransit;
using MlOps.Contracts;
using MlOps.Drift.Monitoring;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Drift.Consumers;

/// <summary>Adds labelled scores to their model version's performance window, once per message.</summary>
public sealed class RecordLabelsConsumer(Inbox inbox, WindowStore windows, WindowSignal signal) : IConsumer<PredictionLabelsRecorded>
{
    public async Task Consume(ConsumeContext<PredictionLabelsRecorded> context)
    {
        var labelled = context.Message;
        if (labelled.Labels.Count == 0 || labelled.Scores.Count != labelled.Labels.Count)
        {
            return;
        }
        await using var handling = await inbox.TryBeginAsync(context, this);
        if (handling is null)
        {
            return;
        }
        var closed = await windows.AppendAsync(handling.Transaction, labelled, context.CancellationToken);
        await handling.CommitAsync(context.CancellationToken);
        if (closed)
        {
            signal.Notify();
        }
    }
}
