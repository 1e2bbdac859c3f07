using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>
/// A registry with the production default (public addresses only) plus one exact host:port: a local receiver that answers
/// every delivery with a redirect to another local receiver, which nothing allows.
/// </summary>
public sealed class WebhookDestinationFixture : RegistryFixture
{
    public WebhookReceiver Target { get; private set; } = null!;

    public WebhookReceiver Redirecting { get; private set; } = null!;

    protected override IReadOnlyList<string> OutboundAllow => [$"127.0.0.1:{Redirecting.Port}"];

    public override async ValueTask InitializeAsync()
    {
        Target = await WebhookReceiver.StartAsync();
        Redirecting = await WebhookReceiver.StartRedirectingAsync(Target.Url);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redirecting.DisposeAsync();
        await Target.DisposeAsync();
    }
}
