using MlOps.Drift.Monitoring;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MlOps.Drift.Tests;

/// <summary>Which failures send a window back for a retry in seconds rather than leaving it to its five-minute lease.</summary>
public sealed class WindowEvaluatorTests
{
    public static TheoryData<Exception, bool> Failures() => new()
    {
        { new HttpRequestException("registry away"), true },
        { new TaskCanceledException("registry too slow"), true },
        // What the standard HTTP resilience handler throws when it gives up on the registry.
        { new TimeoutRejectedException("attempt timed out"), true },
        { new BrokenCircuitException("circuit open"), true },
        { new InvalidOperationException("a bug"), false },
        { new FormatException("a bad profile"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsTransient_RegistryAndResilienceFailuresOnly(Exception error, bool transient) =>
        Assert.Equal(transient, WindowEvaluator.IsTransient(error));
}
