using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MlOps.ServiceDefaults.Shutdown;

namespace MlOps.Messaging.Tests;

/// <summary>
/// LeaseHandback alone: leased work that the stop ends mid-way is handed back once, under a bound of its own and never
/// throwing; work that finished, or failed without a stop, hands nothing back.
/// </summary>
public sealed class LeaseHandbackTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger _logger = new();
    private readonly List<CancellationToken> _handBacks = [];

    private LeaseHandback Handback => new(_time, _logger);

    // The timeouts only fail a hang (a missing hand-back or bound) instead of stalling the run; nothing here waits on real time.
    [Fact(Timeout = 30_000)]
    public async Task RunAsync_StoppedMidWork_HandsBackOnceUnderItsOwnTokenAndRethrowsTheStop()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var stop = new CancellationTokenSource();
        var working = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Handback.RunAsync("window 1", async token =>
        {
            working.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        }, HandBackAsync, stop.Token);
        await working.Task.WaitAsync(cancel);

        await stop.CancelAsync();

        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(cancel));
        Assert.Equal(stop.Token, stopped.CancellationToken);
        var token = Assert.Single(_handBacks);
        Assert.NotEqual(stop.Token, token);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal((LogLevel.Information, 9210), (entry.Level, entry.Id));
        Assert.Null(entry.Exception);
        Assert.Contains("window 1", entry.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_HandBackHangsIgnoringItsToken_GivesUpAtTheTimeoutAndLogsInsteadOfThrowing()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var stop = new CancellationTokenSource();
        var handingBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<bool>();
        var run = Handback.RunAsync("job 2", token => Task.Delay(Timeout.Infinite, token), _ =>
        {
            handingBack.SetResult();
            return never.Task;
        }, stop.Token);

        await stop.CancelAsync();
        await handingBack.Task.WaitAsync(cancel);
        _time.Advance(LeaseHandback.Timeout - TimeSpan.FromTicks(1));
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));

        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(cancel));
        Assert.Equal(stop.Token, stopped.CancellationToken);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal((LogLevel.Warning, 9211), (entry.Level, entry.Id));
        Assert.IsType<OperationCanceledException>(entry.Exception, exactMatch: false);
        Assert.Contains("job 2", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HandBackFails_LogsItAndRethrowsTheStop()
    {
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var failure = new TimeoutException("database away");

        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Handback.RunAsync("run 3", token => Task.Delay(Timeout.Infinite, token), _ => throw failure, stop.Token));

        Assert.Equal(stop.Token, stopped.CancellationToken);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal((LogLevel.Warning, 9211), (entry.Level, entry.Id));
        Assert.Same(failure, entry.Exception);
    }

    [Fact]
    public async Task RunAsync_WorkFinishesThoughTheStopCame_HandsNothingBack()
    {
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        await Handback.RunAsync("draft 4", _ => Task.CompletedTask, HandBackAsync, stop.Token);

        Assert.Empty(_handBacks);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public async Task RunAsync_WorkFailsWithoutAStop_HandsNothingBackAndRethrows()
    {
        var failure = new InvalidOperationException("the job's own fault");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Handback.RunAsync("job 5", _ => throw failure, HandBackAsync, Cancel));

        Assert.Same(failure, thrown);
        Assert.Empty(_handBacks);
        Assert.Empty(_logger.Entries);
    }

    private Task<bool> HandBackAsync(CancellationToken token)
    {
        _handBacks.Add(token);
        return Task.FromResult(true);
    }

    private sealed class RecordingLogger : ILogger<LeaseHandback>
    {
        private readonly List<(LogLevel Level, int Id, Exception? Exception, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, int Id, Exception? Exception, string Message)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, eventId.Id, exception, formatter(state, exception)));
            }
        }
    }
}
