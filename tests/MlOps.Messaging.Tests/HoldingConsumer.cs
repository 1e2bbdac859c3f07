using MassTransit;

namespace MlOps.Messaging.Tests;

/// <summary>Holds every message until the test lets go, counting how many it held at once.</summary>
public sealed class HoldingConsumer(HoldingConsumer.Gate gate) : IConsumer<HeldMessage>
{
    public async Task Consume(ConsumeContext<HeldMessage> context)
    {
        gate.Enter();
        try
        {
            await gate.Released.Task.WaitAsync(context.CancellationToken);
        }
        finally
        {
            gate.Leave();
        }
    }

    /// <summary>What the consumers share: the release, and how many are inside now, at most and in all.</summary>
    public sealed class Gate
    {
        private int _inside;
        private int _most;
        private int _done;

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Inside => Volatile.Read(ref _inside);

        public int Most => Volatile.Read(ref _most);

        public int Done => Volatile.Read(ref _done);

        public void Enter()
        {
            var inside = Interlocked.Increment(ref _inside);
            int most;
            while (inside > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, inside, most) != most)
            {
            }
        }

        public void Leave()
        {
            Interlocked.Decrement(ref _inside);
            Interlocked.Increment(ref _done);
        }
    }
}
