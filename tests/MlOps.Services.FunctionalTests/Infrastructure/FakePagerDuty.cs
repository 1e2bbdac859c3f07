
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Infrastructure;

/// <summary>
/// PagerDuty's events API for the whole run, over real HTTP: the incident service's base URL is fixed at start, so tests tell
/// their events apart by routing key.
/// </summary>
public static class FakePagerDuty
{
    public static WebhookReceiver Server { get; } = WebhookReceiver.StartAnsweringAsync(202).GetAwaiter().GetResult();
}
