using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Registry.Webhooks;
using MlOps.ServiceDefaults.Outbound;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Registry;

public sealed class WebhooksTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task VersionRegistered_ReceiverFailsOnceWith503_DeliveredOnRetryWithVerifiableSignature()
    {
        await using var receiver = await WebhookReceiver.StartAsync(503);
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var created = await (await client.PostAsJsonAsync("/webhooks", new { url = receiver.Url, eventTypes = new[] { WebhookEvents.VersionRegistered } }, TestContext.Current.CancellationToken)).ReadJsonAsync();
        var secret = created.GetProperty("secret").GetString()!;
        var webhookId = created.GetProperty("webhook").GetProperty("id").GetGuid();

        await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: name));

        var delivery = await Eventually.WaitAsync(
            async () => (await (await client.GetAsync($"/webhooks/{webhookId}/deliveries", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items"),
            items => items.GetArrayLength() == 1 && items[0].GetProperty("status").GetString() == "succeeded", "the delivery to succeed");
        Assert.Equal(2, delivery[0].GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery[0].GetProperty("lastStatusCode").GetInt32());
        Assert.Equal(2, receiver.Received.Count);
        var last = receiver.Received.Last();
        Assert.Equal(WebhookSignature.Sign(secret, last.Id, long.Parse(last.Timestamp, System.Globalization.CultureInfo.InvariantCulture), last.Body), last.Signature);
        Assert.StartsWith("v1,", last.Signature);
        var body = JsonDocument.Parse(last.Body).RootElement;
        Assert.Equal(WebhookEvents.VersionRegistered, body.GetProperty("type").GetString());
        Assert.Equal(name, body.GetProperty("data").GetProperty("modelName").GetString());
    }

    [Fact]
    public async Task Delivery_ReceiverKeepsFailing_StopsAfterMaxAttemptsAsFailed_AndA400IsNotRetried()
    {
        await using var flaky = await WebhookReceiver.StartAsync(500, 500, 500, 500);
        await using var refusing = await WebhookReceiver.StartAsync(400);
        var name = RegistryRequests.NewModelName();
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var flakyId = (await (await client.PostAsJsonAsync("/webhooks", new { url = flaky.Url, eventTypes = new[] { WebhookEvents.VersionRegistered } }, TestContext.Current.CancellationToken)).ReadJsonAsync())
            .GetProperty("webhook").GetProperty("id").GetGuid();
        var refusingId = (await (await client.PostAsJsonAsync("/webhooks", new { url = refusing.Url, eventTypes = new[] { WebhookEvents.VersionRegistered } }, TestContext.Current.CancellationToken)).ReadJsonAsync())
            .GetProperty("webhook").GetProperty("id").GetGuid();

        await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: name));

        async Task<JsonElement> DeliveryAsync(Guid id) => await Eventually.WaitAsync(
            async () => (await (await client.GetAsync($"/webhooks/{id}/deliveries", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items"),
            items => items.GetArrayLength() == 1 && items[0].GetProperty("status").GetString() == "failed", "the delivery to fail");
        var failed = await DeliveryAsync(flakyId);
        var refused = await DeliveryAsync(refusingId);
        Assert.Equal(3, failed[0].GetProperty("attempts").GetInt32());
        Assert.Equal(500, failed[0].GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("HTTP 500", failed[0].GetProperty("lastError").GetString());
        Assert.Equal("HTTP 400", refused[0].GetProperty("lastError").GetString());
        Assert.Equal(1, refused[0].GetProperty("attempts").GetInt32());
        Assert.Single(refusing.Received);
    }

    [Fact]
    public async Task Delivery_SubscriptionWithMalformedSecret_FailsAlone_OtherDeliveriesStillGo()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var name = RegistryRequests.NewModelName();
        var tenant = HttpExtensions.NewTenant();
        using var client = fixture.Client(tenant, RegistryRequests.Write);
        await client.CreateModelAsync(name);
        var goodId = (await (await client.PostAsJsonAsync("/webhooks", new { url = receiver.Url, eventTypes = new[] { WebhookEvents.VersionRegistered } },
            TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("webhook").GetProperty("id").GetGuid();
        var badId = Guid.CreateVersion7();
        await using (var db = new Npgsql.NpgsqlConnection(fixture.Registry.ConnectionString))
        {
            await Dapper.SqlMapper.ExecuteAsync(db, "INSERT INTO webhook_subscriptions (id, tenant_id, url, event_types, secret) VALUES (@badId, @tenant, @url, @types, 's')",
                new { badId, tenant, url = receiver.Url, types = new[] { WebhookEvents.VersionRegistered } });
        }

        await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: name));

        async Task<JsonElement> DeliveryAsync(Guid id) => (await Eventually.WaitAsync(
            async () => (await (await client.GetAsync($"/webhooks/{id}/deliveries", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items"),
            items => items.GetArrayLength() == 1 && items[0].GetProperty("status").GetString() != "pending", "the delivery to finish"))[0];
        var bad = await DeliveryAsync(badId);
        var good = await DeliveryAsync(goodId);
        Assert.Equal("failed", bad.GetProperty("status").GetString());
        Assert.Equal("not sent: the subscription's secret is invalid", bad.GetProperty("lastError").GetString());
        Assert.Equal("succeeded", good.GetProperty("status").GetString());
        Assert.Single(receiver.Received);
    }

    [Theory]
    [InlineData("{\"url\":\"ftp://example.test/x\",\"eventTypes\":[\"model.alias.changed\"]}", "url")]
    [InlineData("{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[\"model.deleted\"]}", "eventTypes")]
    [InlineData("{\"url\":\"http://127.0.0.1/x\",\"eventTypes\":[]}", "eventTypes")]
    public async Task CreateWebhook_InvalidField_Returns400NamingIt(string body, string field)
    {
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);

        var response = await client.PostAsync("/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
