using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;
using OpenQA.Selenium;

namespace MlOps.Services.FunctionalTests.Incident.Postmortems;

/// <summary>
/// The incident page in Debian's headless Chromium, from the service as its own process on a real port; the browser sends the
/// tenant's token through the DevTools protocol, as the gateway's session would.
/// </summary>
public sealed class IncidentPageBrowserTests : IAsyncDisposable
{
    private readonly string _database = TestInfrastructure.UniqueDatabase("incident_page");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IncidentPage_InChromium_ShowsTheTimelineRowsThePostmortemHeadingsAndTheScriptTitleAsText()
    {
        Assert.True(HeadlessChromium.Missing is null, HeadlessChromium.Missing);
        var tenant = HttpExtensions.NewTenant();
        using var service = await ServiceProcess.StartAsync("incident", "MlOps.Incident", new Dictionary<string, string>
        {
            ["ConnectionStrings__incidentdb"] = TestInfrastructure.Postgres(_database),
            ["ConnectionStrings__messaging"] = TestInfrastructure.RabbitMq("functional").ToString(),
            ["MlOps__Messaging__EndpointPrefix"] = "page" + Guid.NewGuid().ToString("N")[..8],
            // Its queues still see every drift event on the vhost; the shipped runbooks would retrain other tests' models.
            ["MlOps__Incident__ShippedDefinitionsTenants"] = "",
            // No LLM answers here: the plain template is drafted.
            ["MlOps__Incident__Postmortem__LlmUrl"] = "http://127.0.0.1:1/",
            ["MlOps__Incident__Postmortem__LlmTimeout"] = "00:00:01",
            ["MlOps__Incident__Postmortem__PollInterval"] = "00:00:00.200",
        });
        using var client = new HttpClient { BaseAddress = service.Address }.Authorize(tenant);
        var id = await PostmortemTests.OpenNoteAndResolveAsync(client, "<script>alert(1)</script>");
        await PostmortemTests.PostmortemAsync(client, id);
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}/timeline", Cancel);

        using var browser = HeadlessChromium.Start(TestIdentity.Token(tenant, "incident:read"), 1280, 1600);
        browser.Navigate().GoToUrl(new Uri(service.Address, $"/incidents/{id}/page"));

        Assert.Equal("<script>alert(1)</script>", browser.FindElement(By.Id("title")).Text);
        Assert.Empty(browser.FindElements(By.TagName("script")));
        Assert.Equal("resolved", browser.FindElement(By.Id("status")).Text);
        var rows = browser.FindElements(By.CssSelector("#timeline tr.timeline-entry"));
        Assert.Equal(timeline.GetArrayLength(), rows.Count);
        Assert.Contains(rows, r => r.Text.Contains("Cache hit rate fell to 2%", StringComparison.Ordinal));
        Assert.Equal(["Summary", "Impact", "Root Causes", "Trigger", "Resolution", "Detection", "Action Items", "Lessons Learned", "Timeline"],
            browser.FindElements(By.CssSelector("#postmortem article h2")).Select(h => h.Text));
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(Path.Combine(AppContext.BaseDirectory, "incident-page.png"));
    }

    public async ValueTask DisposeAsync() => await TestInfrastructure.DropDatabaseAsync(_database);
}
