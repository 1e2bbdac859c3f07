using Microsoft.Extensions.Time.Testing;

namespace MlOps.Gateway.Tests;

/// <summary>
/// The same gateways on one FakeTimeProvider stopped at the start of the current minute: a per-minute window has all its
/// 60 s left and rolls over only when a test advances the clock. Its timers (the quota flusher's) fire only then too, so
/// tests flush explicitly. Never ahead of real time unless a test moves it, so service tokens it signs stay valid.
/// </summary>
public sealed class FakeClockLlmGatewayFixture : LlmGatewayFixture
{
    public FakeTimeProvider Clock { get; } = new(StartOfMinute(DateTimeOffset.UtcNow));

    protected override TimeProvider GatewayClock => Clock;

    private static DateTimeOffset StartOfMinute(DateTimeOffset now) => new(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
}
