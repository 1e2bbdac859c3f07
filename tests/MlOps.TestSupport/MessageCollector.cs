using System.Collections.Concurrent;
using MassTransit;
using MlOps.Contracts;

namespace MlOps.TestSupport;

/// <summary>A bus on its own temporary queue that records every message of type T it receives.</summary>
public sealed class MessageCollector<T> : IAsyncDisposable where T : IntegrationMessage
{
    private readonly ConcurrentQueue<(Guid? MessageId, T Message)> _received = new();
    private readonly IBusControl _bus;

    private MessageCollector(Uri broker)
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.ReceiveEndpoint($"test-collector-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<T>(context =>
                {
                    _received.Enqueue((context.MessageId, context.Message));
                    return Task.CompletedTask;
                });
            });
        });
    }

    public IBus Bus => _bus;

    public IReadOnlyCollection<(Guid? MessageId, T Message)> Received => _received.ToArray();

    public static async Task<MessageCollector<T>> StartAsync(Uri broker)
    {
        var collector = new MessageCollector<T>(broker);
        await collector._bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return collector;
    }

    /// <summary>Waits until a received message satisfies the predicate, or fails after the timeout.</summary>
    public async Task<(Guid? MessageId, T Message)> WaitForAsync(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            foreach (var item in _received)
            {
                if (predicate(item.Message))
                {
                    return item;
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No {typeof(T).Name} matching the expectation arrived within {timeout ?? TimeSpan.FromSeconds(20)}.");
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
