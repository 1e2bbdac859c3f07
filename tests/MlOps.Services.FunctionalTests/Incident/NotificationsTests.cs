using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using MlOps.ServiceDefaults.Outbound;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.Services.FunctionalTests.Registry;
using Npgsql;

using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Incident;

[Collection(ServicesCollection.Name)]
public sealed class NotificationsTests(ServicesFixture services)
{
    private IServiceUnderTest Incident => services["incident"];

    [Fact]
    public async Task PagerDuty_IncidentTriggeredAcknowledgedResolved_FakeReceivesEachEventWithTheIncidentAsDedupKey()
    {
        using var scenario = NotificationScenario.For(Incident);
        var routingKey = "rk" + Guid.NewGuid().ToString("N");
        var channel = await scenario.CreateChannelAsync("pager", new { type = "pagerduty", routingKey });
        Assert.Equal("…" + routingKey[^4..], channel.GetProperty("routingKey").GetString());
        Assert.Equal(JsonValueKind.Null, channel.GetProperty("secret").ValueKind);

        var id = await scenario.OpenIncidentAsync("Checkout latency", "high", "pager");
        var trigger = (await EventsAsync(routingKey, 1))[0];
        Assert.Equal("/v2/enqueue", trigger.Path);
        Assert.StartsWith("application/json", trigger.Headers["Content-Type"]);
        var body = JsonDocument.Parse(trigger.Body).RootElement;
        Assert.Equal("trigger", body.GetProperty("event_action").GetString());
        Assert.Equal(id.ToString(), body.GetProperty("dedup_key").GetString());
        var payload = body.GetProperty("payload");
        Assert.Equal("Checkout latency", payload.GetProperty("summary").GetString());
        Assert.Equal(scenario.Source, payload.GetProperty("source").GetString());
        Assert.Equal("error", payload.GetProperty("severity").GetString());
        Assert.Equal(id, payload.GetProperty("custom_details").GetProperty("id").GetGuid());

        var acknowledged = await scenario.Client.PostAsJsonAsync($"/incidents/{id}/acknowledge", new { note = "on it" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var acknowledge = JsonDocument.Parse((await EventsAsync(routingKey, 2))[1].Body).RootElement;
        var resolved = await scenario.Client.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = "rolled back" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var resolve = JsonDocument.Parse((await EventsAsync(routingKey, 3))[2].Body).RootElement;

        Assert.Equal("acknowledge", acknowledge.GetProperty("event_action").GetString());
        Assert.Equal("resolve", resolve.GetProperty("event_action").GetString());
        foreach (var followUp in new[] { acknowledge, resolve })
        {
            Assert.Equal(id.ToString(), followUp.GetProperty("dedup_key").GetString());
            Assert.Equal(routingKey, followUp.GetProperty("routing_key").GetString());
            Assert.False(followUp.TryGetProperty("payload", out _), "only a trigger carries a payload");
        }
        var timeline = await scenario.WaitForTimelineAsync(id, "notification_delivered", 3);
        Assert.Equal(["trigger", "acknowledge", "resolve"], timeline.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "notification_delivered")
            .Select(e => e.GetProperty("detail").GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Slack_IncidentOpens_ReceivesTextAndTheUrlIsNeverShownAgain()
    {
        await using var slack = await WebhookReceiver.StartAsync();
        using var scenario = NotificationScenario.For(Incident);
        var created = await scenario.CreateChannelAsync("chat", new { type = "slack", url = slack.Url + "/T000/B000/secretpath" });
        Assert.Equal(slack.BaseUrl + "/…", created.GetProperty("url").GetString());

        var id = await scenario.OpenIncidentAsync("Feature store down", "critical", "chat");

        var received = await Eventually.WaitAsync(() => Task.FromResult(slack.Requests), r => r.Count == 1, "the Slack message");
        var message = JsonDocument.Parse(received.Single().Body).RootElement;
        Assert.Equal($"Incident triggered [critical]: Feature store down (source {scenario.Source}, id {id})", message.GetProperty("text").GetString());
        Assert.Equal("/hook/T000/B000/secretpath", received.Single().Path);
        var listed = await (await scenario.Client.GetAsync("/channels", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.DoesNotContain("secretpath", listed.ToString());
        Assert.Equal(slack.BaseUrl + "/…", listed[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Webhook_IncidentOpens_DeliverySignedWithTheSecretShownOnlyAtCreation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var scenario = NotificationScenario.For(Incident);
        var secret = (await scenario.CreateChannelAsync("hook", new { type = "webhook", url = receiver.Url })).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        var replaced = await scenario.PutChannelAsync("hook", new { type = "webhook", url = receiver.Url });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await replaced.ReadJsonAsync()).GetProperty("secret").ValueKind);
        var fetched = await (await scenario.Client.GetAsync("/channels/hook", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, fetched.GetProperty("secret").ValueKind);

        var id = await scenario.OpenIncidentAsync("Guardrail storm", "medium", "hook");

        var delivery = (await Eventually.WaitAsync(() => Task.FromResult(receiver.Received), r => r.Count == 1, "the webhook")).Single();
        Assert.Equal(WebhookSignature.Sign(secret, delivery.Id, long.Parse(delivery.Timestamp, CultureInfo.InvariantCulture), delivery.Body),
            delivery.Signature);
        var body = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal("incident.triggered", body.GetProperty("type").GetString());
        Assert.Equal(id, body.GetProperty("incident").GetProperty("id").GetGuid());
        Assert.Equal("medium", body.GetProperty("incident").GetProperty("severity").GetString());
    }

    [Fact]
    public async Task FailingChannels_ServersAnswer500_RetriedWithBackOffOrGivenUp_WhileAnotherChannelIsDeliveredAtOnce()
    {
        await using var flaky = await WebhookReceiver.StartAsync(500, 500);
        await using var broken = await WebhookReceiver.StartAnsweringAsync(500);
        await using var healthy = await WebhookReceiver.StartAsync();
        using var scenario = NotificationScenario.For(Incident);
        await scenario.CreateChannelAsync("flaky", new { type = "slack", url = flaky.Url });
        await scenario.CreateChannelAsync("broken", new { type = "slack", url = broken.Url });
        await scenario.CreateChannelAsync("healthy", new { type = "slack", url = healthy.Url });

        var id = await scenario.OpenIncidentAsync("Drift on churn model", "low", "broken", "flaky", "healthy");

        await scenario.WaitForTimelineAsync(id, "notification_failed", 1);
        await scenario.WaitForTimelineAsync(id, "notification_delivered", 2);
        // The delivery log, as the API shows it.
        var log = await scenario.Client.GetFromJsonAsync<JsonElement>($"/incidents/{id}/notifications", TestContext.Current.CancellationToken);
        var rows = log.EnumerateArray().Select(d => (d.GetProperty("channel").GetString(), d.GetProperty("status").GetString(),
            d.GetProperty("attempts").GetInt32(), d.GetProperty("lastError").GetString())).OrderBy(r => r.Item1).ToList();
        Assert.Equal([("broken", "failed", 4, "HTTP 500"), ("flaky", "delivered", 3, null), ("healthy", "delivered", 1, null)], rows);
        Assert.Single(healthy.Requests);
        Assert.Equal(3, flaky.Requests.Count);
        Assert.Equal(4, broken.Requests.Count);
    }

    [Theory]
    [InlineData("pd", "{\"type\":\"pagerduty\",\"url\":\"https://events.example.com\"}", "url")]
    [InlineData("pd", "{\"type\":\"pagerduty\",\"routingKey\":\"not a key\"}", "routingKey")]
    [InlineData("chat", "{\"type\":\"slack\"}", "url")]
    [InlineData("chat", "{\"type\":\"slack\",\"url\":\"ftp://hooks.example.com/x\"}", "url")]
    [InlineData("chat", "{\"type\":\"slack\",\"url\":\"/relative/path\"}", "url")]
    [InlineData("chat", "{\"type\":\"slack\",\"url\":\"https://hooks.example.com/x\",\"routingKey\":\"abc\"}", "routingKey")]
    [InlineData("hook", "{\"type\":\"webhook\",\"url\":\"https://user:pass@hooks.example.com/x\"}", "url")]
    [InlineData("hook", "{\"type\":\"email\",\"url\":\"https://hooks.example.com/x\"}", "type")]
    [InlineData("hook", "{}", "type")]
    [InlineData("Bad_Name", "{\"type\":\"pagerduty\"}", "name")]
    public async Task PutChannel_InvalidField_Returns400NamingTheFieldAndStoresNothing(string name, string body, string field)
    {
        using var scenario = NotificationScenario.For(Incident);

        var response = await scenario.Client.PutAsync($"/channels/{name}", new StringContent(body, Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}: {problem}");
        Assert.StartsWith(field + ": ", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await (await scenario.Client.GetAsync("/channels", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task PutRule_NamesAChannelTheTenantLacks_Returns400NamingTheEntry()
    {
        using var scenario = NotificationScenario.For(Incident);
        await scenario.CreateChannelAsync("known", new { type = "pagerduty" });

        var response = await scenario.PutRuleAsync("known", "ghost");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.StartsWith("channels[1]: the tenant has no channel named 'ghost'", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await scenario.PutRuleAsync("known")).StatusCode);
    }

    [Fact]
    public async Task PutChannel_BeyondFiftyPerTenant_Returns409_ReplacingOneStillWorks()
    {
        using var scenario = NotificationScenario.For(Incident);
        for (var i = 0; i < 50; i++)
        {
            await scenario.CreateChannelAsync($"c{i}", new { type = "pagerduty" });
        }

        var refused = await scenario.PutChannelAsync("one-more", new { type = "pagerduty" });
        var replaced = await scenario.PutChannelAsync("c0", new { type = "slack", url = "https://hooks.example.com/x" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Too many channels", (await refused.ReadJsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(50, (await (await scenario.Client.GetAsync("/channels", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task DeleteChannel_Existing_Returns204ThenGetReturns404()
    {
        using var scenario = NotificationScenario.For(Incident);
        await scenario.CreateChannelAsync("gone", new { type = "slack", url = "https://hooks.example.com/x" });

        var deleted = await scenario.Client.DeleteAsync("/channels/gone", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Client.GetAsync("/channels/gone", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Client.DeleteAsync("/channels/gone", TestContext.Current.CancellationToken)).StatusCode);
    }

    /// <summary>The fake PagerDuty's events for one routing key, once there are <paramref name="count"/>.</summary>
    private static async Task<IReadOnlyList<ReceivedRequest>> EventsAsync(string routingKey, int count) => await Eventually.WaitAsync(
        () => Task.FromResult<IReadOnlyList<ReceivedRequest>>([.. FakePagerDuty.Server.Requests.Where(r => r.Body.Contains(routingKey, StringComparison.Ordinal))]),
        events => events.Count >= count, $"{count} PagerDuty events");
}
