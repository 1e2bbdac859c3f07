using Google.Protobuf;
using MlOps.TestSupport;
using OpenQA.Selenium;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// The session replay page in Debian's headless Chromium, from the tracer as its own process on a real port; the browser sends
/// the tenant's token through the DevTools protocol, as the gateway's session would.
/// </summary>
public sealed class ReplayPageBrowserTests : IAsyncDisposable
{
    private readonly string _database = TestInfrastructure.UniqueDatabase("tracer_page");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReplayPage_InChromium_OneRowPerStepIndentedWithTokensCostAndExpandableMessagesAsText()
    {
        Assert.True(HeadlessChromium.Missing is null, HeadlessChromium.Missing);
        using var service = await ServiceProcess.StartAsync("agentops-tracer", "MlOps.AgentOpsTracer", new Dictionary<string, string>
        {
            ["ConnectionStrings__tracerdb"] = TestInfrastructure.Postgres(_database),
            ["ConnectionStrings__messaging"] = TestInfrastructure.RabbitMq("functional").ToString(),
            ["MlOps__Messaging__EndpointPrefix"] = "page" + Guid.NewGuid().ToString("N")[..8],
            ["MlOps__Tracer__Prices__gpt-4o__Input"] = "2.5",
            ["MlOps__Tracer__Prices__gpt-4o__Output"] = "10",
            ["MlOps__Tracer__Prices__gpt-4o__CachedInput"] = "1.25",
            ["MlOps__Tracer__Prices__claude-sonnet__Input"] = "3",
            ["MlOps__Tracer__Prices__claude-sonnet__Output"] = "15",
        });
        using var client = new HttpClient { BaseAddress = service.Address }.Authorize("page-a", "traces:write");
        var body = TracerFixture.Body(Otlp.Request("agent-svc", AgentConversation.Spans()).ToByteArray(), "application/x-protobuf");
        (await client.PostAsync("/v1/traces", body, Cancel)).EnsureSuccessStatusCode();

        using var browser = HeadlessChromium.Start(TestIdentity.Token("page-a", "traces:read"), 1280, 900);
        browser.Navigate().GoToUrl(new Uri(service.Address, "/sessions/conv-1/replay/page"));

        Assert.Equal("Session conv-1", browser.FindElement(By.Id("title")).Text);
        Assert.Equal("4 steps", browser.FindElement(By.Id("steps")).Text);
        Assert.Equal("2200 in / 500 out tokens", browser.FindElement(By.Id("tokens")).Text);
        Assert.Equal("cost 0.0115", browser.FindElement(By.Id("cost")).Text);
        var rows = browser.FindElements(By.CssSelector("#waterfall tr.step"));
        Assert.Equal(["invoke_agent planner", "chat gpt-4o", "execute_tool weather", "chat claude-sonnet"],
            rows.Select(r => r.FindElement(By.CssSelector(".name")).Text));
        Assert.Equal(["–", "0.0055", "–", "0.006"], rows.Select(r => r.FindElement(By.CssSelector(".cost")).Text));
        Assert.Equal("1200 / 300", rows[1].FindElement(By.CssSelector(".tokens")).Text);
        // Deeper steps sit further right: the agent, its chat, the chat's tool.
        var indents = rows.Take(3).Select(r => r.FindElement(By.CssSelector(".type")).Location.X).ToList();
        Assert.True(indents[0] < indents[1] && indents[1] < indents[2], string.Join(", ", indents));
        // Bars on one time line: the tool starts right of the chat.
        var bars = rows.Select(r => r.FindElement(By.TagName("rect")).Location.X).ToList();
        Assert.True(bars[1] < bars[2], string.Join(", ", bars));

        var input = rows[1].FindElement(By.CssSelector("details.input"));
        Assert.Equal("", input.FindElement(By.TagName("pre")).Text);
        input.FindElement(By.TagName("summary")).Click();
        Assert.Equal(AgentConversation.Question, input.FindElement(By.TagName("pre")).Text);
        Assert.Empty(browser.FindElements(By.TagName("script")));
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(Path.Combine(AppContext.BaseDirectory, "replay-page.png"));
    }

    public async ValueTask DisposeAsync() => await TestInfrastructure.DropDatabaseAsync(_database);
}
