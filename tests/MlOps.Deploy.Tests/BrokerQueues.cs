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

    /// <summary>
    /// Deletes the queues (with their _error and _skipped queues) a run's services declared under <paramref name="prefix"/>:
    /// one per consumer class of the platform, named as MassTransit's kebab-case formatter names it.
    /// </summary>
    public static async Task DeletePrefixedAsync(Uri broker, string prefix)
    {
        var consumers = PlatformService.All
            .SelectMany(s => Directory.EnumerateFiles(s.SourceFolder, "*Consumer.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetFileNameWithoutExtension(f)[..^"Consumer".Length])
            .Distinct();
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var consumer in consumers)
        {
            var queue = $"{prefix}-{System.Text.RegularExpressions.Regex.Replace(consumer, "(?<=[a-z0-9])([A-Z])", "-$1").ToLowerInvariant()}";
            foreach (var name in new[] { queue, queue + "_error", queue + "_skipped" })
            {
                await using var channel = await connection.CreateChannelAsync();
                await channel.QueueDeleteAsync(name);
                await channel.ExchangeDeleteAsync(name);
            }
        }
    }
}
