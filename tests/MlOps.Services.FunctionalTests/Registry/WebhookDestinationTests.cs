using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Registry.Webhooks;
using MlOps.Services.FunctionalTests.Infrastructure;

using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>Webhooks under the production default: internal destinations are refused when delivering, redirects never followed.</summary>
public sealed class WebhookDestinationTests(WebhookDestinationFixture fixture) : IClassFixture<WebhookDestinationFixture>
{
    [Theory]
    [InlineData("http://127.0.0.1:{target}/hook")]
    [InlineData("http://localhost:{target}/hook")]
    [InlineData("http://[::1]:{target6}/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:{target}/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://10.0.0.1/hook")]
    public async Task Delivery_ToNonPublicDestination_FailsOnceAsRefusedAndNothingArrives(string template)
    {
        // 10.0.0.1 does not answer here: a connect attempt would end in "timeout" and be retried, not refused at once.
        var url = template.Replace("{target}", $"{fixture.Target.Port}").Replace("{target6}", $"{new Uri(fixture.Target.UrlV6).Port}");
        var (client, webhookId) = await SubscribeAndRegisterAsync(url);
        using var _ = client;

        var delivery = await FinishedDeliveryAsync(client, webhookId);

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("lastStatusCode").ValueKind);
        Assert.Equal("refused: destination not allowed", delivery.GetProperty("lastError").GetString());
        Assert.Empty(fixture.Target.Received);
    }

    [Fact]
    public async Task Delivery_AllowedReceiverRedirectsToLoopback_NotFollowedAndLogShowsNoAnswerDetails()
    {
        var (client, webhookId) = await SubscribeAndRegisterAsync(fixture.Redirecting.Url);
        using var _ = client;

        var delivery = await FinishedDeliveryAsync(client, webhookId);

        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(302, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("HTTP 302 (redirect not followed)", delivery.GetProperty("lastError").GetString());
        var log = delivery.GetRawText();
        Assert.DoesNotContain(WebhookReceiver.AnswerDetail, log, StringComparison.Ordinal);
        Assert.DoesNotContain($"{fixture.Target.Port}", log, StringComparison.Ordinal);
        Assert.Single(fixture.Redirecting.Received);
        Assert.Empty(fixture.Target.Received);
    }

    [Theory]
    [InlineData("http://user:secret@example.test/hook")]
    [InlineData("/hooks/relative")]
    [InlineData("gopher://example.test/hook")]
    public async Task CreateWebhook_NotAbsoluteHttpWithoutUserInfo_400NamingUrl(string url)
    {
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);

        var response = await client.PostAsJsonAsync("/webhooks", new { url, eventTypes = new[] { WebhookEvents.VersionRegistered } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal("url must be an absolute http or https URL without user info.", errors.GetProperty("url")[0].GetString());
    }

    private async Task<(HttpClient Client, Guid WebhookId)> SubscribeAndRegisterAsync(string url)
    {
        var name = RegistryRequests.NewModelName();
        var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var created = await client.PostAsJsonAsync("/webhooks", new { url, eventTypes = new[] { WebhookEvents.VersionRegistered } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhookId = (await created.ReadJsonAsync()).GetProperty("webhook").GetProperty("id").GetGuid();
        await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: name));
        return (client, webhookId);
    }

    private static async Task<JsonElement> FinishedDeliveryAsync(HttpClient client, Guid webhookId) =>
        (await Eventually.WaitAsync(
            async () => (await (await client.GetAsync($"/webhooks/{webhookId}/deliveries", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items"),
            items => items.GetArrayLength() == 1 && items[0].GetProperty("status").GetString() != "pending", "the delivery to finish"))[0];
}
