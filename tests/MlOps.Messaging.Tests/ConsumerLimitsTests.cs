using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.TestSupport;
using RabbitMQ.Client;

namespace MlOps.Messaging.Tests;

/// <summary>Prefetch and concurrency per consumer endpoint, from MlOps:Messaging:Consumers, on the test RabbitMQ.</summary>
public sealed class ConsumerLimitsTests
{
    private const int Messages = 10;

    [Fact]
    public async Task Endpoint_WithItsOwnLimits_TakesAheadOnlyThePrefetchAndHandlesOnlyTheLimitAtOnce()
    {
        var cancel = TestContext.Current.CancellationToken;
        var database = TestInfrastructure.UniqueDatabase("limits");
        var prefix = "limits" + Guid.NewGuid().ToString("N")[..8];
        var queue = $"{prefix}-holding";
        var gate = new HoldingConsumer.Gate();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:limitsdb"] = TestInfrastructure.Postgres(database),
            ["ConnectionStrings:messaging"] = TestInfrastructure.RabbitMq("messaging").ToString(),
            ["MlOps:Messaging:EndpointPrefix"] = prefix,
            ["MlOps:Messaging:Consumers:Endpoints:holding:PrefetchCount"] = "4",
            ["MlOps:Messaging:Consumers:Endpoints:holding:ConcurrentMessageLimit"] = "2",
        });
        builder.Services.AddSingleton(gate);
        builder.AddServiceDatabase("limitsdb", typeof(ConsumerLimitsTests).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<HoldingConsumer>());
        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancel);
            var bus = host.Services.GetRequiredService<IBus>();
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
            for (var i = 0; i < Messages; i++)
            {
                await endpoint.Send(new HeldMessage(i), cancel);
            }

            // The broker hands this replica 4 (the prefetch) and keeps 6 ready for any other; 2 of the 4 are being handled.
            await Eventually.WaitAsync(() => ReadyAsync(queue), ready => ready == Messages - 4, "the broker to hold back all but the prefetch");
            await Eventually.WaitAsync(() => Task.FromResult(gate.Inside), inside => inside == 2, "two messages to be handled at once");
            gate.Released.SetResult();
            await Eventually.WaitAsync(() => Task.FromResult(gate.Done), done => done == Messages, "every message to be handled");

            Assert.Equal(2, gate.Most);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            await TestInfrastructure.DropDatabaseAsync(database);
            await DeleteQueueAsync(queue);
        }
    }

    // Messages ready on the queue: what no consumer holds unacknowledged.
    private static async Task<uint> ReadyAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = TestInfrastructure.RabbitMq("messaging") };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private static async Task DeleteQueueAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = TestInfrastructure.RabbitMq("messaging") };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
        await channel.ExchangeDeleteAsync(queue);
    }
}
