using MassTransit;

namespace MlOps.Trainer.Tests;

/// <summary>Counts the messages of one type the trainer's consumers have finished with (handled or faulted): the signal that a redelivery was dealt with.</summary>
public sealed class ConsumedCounter<TMessage> : IConsumeObserver where TMessage : class
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Counted<T>();

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Counted<T>();

    private Task Counted<T>()
    {
        if (typeof(T) == typeof(TMessage))
        {
            Interlocked.Increment(ref _count);
        }
        return Task.CompletedTask;
    }
}
