using MassTransit;
using MlOps.Contracts;

namespace MlOps.ServiceDefaults.Messaging;

/// <summary>Shortcut for consumers: the inbox keyed by the broker message id (the outbox id) and the consumer's type.</summary>
public static class InboxExtensions
{
    public static Task<InboxTransaction?> TryBeginAsync<T>(this Inbox inbox, ConsumeContext<T> context, object consumer)
        where T : IntegrationMessage =>
        inbox.TryBeginAsync(context.MessageId ?? context.Message.Id, consumer.GetType().Name, typeof(T).Name, context.CancellationToken);
}
