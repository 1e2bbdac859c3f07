using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MlOps.Deploy.Tests;

/// <summary>Asks the broker what type a queue is: re-declaring it with another x-queue-type is refused (PRECONDITION_FAILED).</summary>
public static class BrokerQueues
{
    public static async Task<bool> IsDeclaredAsAsync(Uri broker, string queue, string type)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclarePassiveAsync(queue);
        try
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = type });
            return true;
        }
        catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == 406)
        {
            return false;
        }
    }

    public static async Task DeleteAsync(Uri broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
        await channel.ExchangeDeleteAsync(queue);
    }
}
