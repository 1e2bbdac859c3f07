using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;

namespace MlOps.Services.FunctionalTests.Incident;

/// <summary>A tenant of the incident service with its channels and a rule that sends one source's alerts to them.</summary>
public sealed class NotificationScenario(HttpClient client, string tenant) : IDisposable
{
    public HttpClient Client { get; } = client;

    public string Tenant { get; } = tenant;

    public string Source { get; } = "src-" + Guid.NewGuid().ToString("N")[..8];

    public static NotificationScenario For(IServiceUnderTest incident)
    {
        var tenant = HttpExtensions.NewTenant();
        return new NotificationScenario(incident.CreateClient().ForTenant(tenant), tenant);
    }

    public Task<HttpResponseMessage> PutChannelAsync(string name, object body) =>
        Client.PutAsJsonAsync($"/channels/{name}", body, TestContext.Current.CancellationToken);

    public async Task<JsonElement> CreateChannelAsync(string name, object body)
    {
        var response = await PutChannelAsync(name, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    public Task<HttpResponseMessage> PutRuleAsync(params string[] channels) => Client.PutAsJsonAsync("/rules/notify",
        new { name = "notify", match = new { sources = new[] { Source } }, channels }, TestContext.Current.CancellationToken);

    /// <summary>Routes the source's alerts to <paramref name="channels"/> and fires one; the id of the incident it opened.</summary>
    public async Task<Guid> OpenIncidentAsync(string title, string severity, params string[] channels)
    {
        Assert.Equal(HttpStatusCode.OK, (await PutRuleAsync(channels)).StatusCode);
        var response = await Client.PostAsJsonAsync("/v1/alerts", new { title, severity, source = Source }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var outcome = await response.ReadJsonAsync();
        Assert.Equal("opened", outcome.GetProperty("result").GetString());
        return outcome.GetProperty("incidentId").GetGuid();
    }

    public async Task<JsonElement> TimelineAsync(Guid incident) =>
        await (await Client.GetAsync($"/incidents/{incident}/timeline", TestContext.Current.CancellationToken)).ReadJsonAsync();

    /// <summary>Waits until the timeline holds <paramref name="count"/> entries of <paramref name="kind"/>.</summary>
    public Task<JsonElement> WaitForTimelineAsync(Guid incident, string kind, int count) => Eventually.WaitAsync(() => TimelineAsync(incident),
        t => t.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == kind) >= count, $"{count} {kind} timeline entries");

    public void Dispose() => Client.Dispose();
}
