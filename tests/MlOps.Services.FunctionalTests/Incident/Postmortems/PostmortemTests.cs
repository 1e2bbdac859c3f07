using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;

namespace MlOps.Services.FunctionalTests.Incident.Postmortems;

/// <summary>Postmortems drafted after resolution, from the plain template or with an LLM's narrative, read, edited and rendered.</summary>
public sealed class PostmortemTests(PostmortemServices services) : IClassFixture<PostmortemServices>
{
    private static readonly string[] Sections =
        ["## Summary", "## Impact", "## Root Causes", "## Trigger", "## Resolution", "## Detection", "## Action Items", "## Lessons Learned", "## Timeline"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Resolve_NoLlmAnswers_TemplateWithPlaceholdersEverySectionAndTheTimeline()
    {
        using var client = services.WithoutLlm.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var id = await OpenNoteAndResolveAsync(client, "Checkout latency high");

        var postmortem = await PostmortemAsync(client, id);

        Assert.Equal("template", postmortem.GetProperty("draftedBy").GetString());
        Assert.Equal(1, postmortem.GetProperty("version").GetInt32());
        var markdown = postmortem.GetProperty("markdown").GetString()!;
        Assert.StartsWith("# Postmortem: Checkout latency high", markdown);
        Assert.All(Sections, section => Assert.Contains(section, markdown));
        Assert.Contains("## Summary\n\n(to be written)\n", markdown);
        Assert.Contains("## Lessons Learned\n\n(to be written)\n", markdown);
        Assert.Contains("Rolled back the cache config", markdown);
        Assert.Contains("- Time to resolve (MTTR): 0.00:00:", markdown);
        Assert.Contains("| opened | key\\-", markdown);
        Assert.Contains("| note |", markdown);
        Assert.Contains("| resolved |", markdown);
        Assert.Contains("Cache hit rate fell to 2%", markdown);
    }

    [Fact]
    public async Task Resolve_FakeLlmAnswers_NarrativeSectionsHoldItsTextAndThePromptOnlyTheFacts()
    {
        using var client = services.WithFakeLlm.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var id = await OpenNoteAndResolveAsync(client, "Scores drifted on credit");

        var postmortem = await PostmortemAsync(client, id);

        Assert.Equal("llm", postmortem.GetProperty("draftedBy").GetString());
        var markdown = postmortem.GetProperty("markdown").GetString()!;
        Assert.Contains("## Summary\n\nFAKE-SUMMARY: scores drifted after a bad feature deploy.\n", markdown);
        Assert.Contains("## Impact\n\nFAKE-IMPACT", markdown);
        Assert.Contains("## Root Causes\n\nFAKE-ROOT-CAUSE", markdown);
        Assert.Contains("## Action Items\n\n- FAKE-ACTION: add a schema check to the pipeline\n", markdown);
        Assert.Contains("## Lessons Learned\n\nFAKE-LESSON", markdown);
        Assert.Contains("| note |", markdown);
        var prompt = services.Llm.Requests.Select(r => r.GetProperty("messages")[1].GetProperty("content").GetString()!)
            .Single(p => p.Contains("Title: Scores drifted on credit", StringComparison.Ordinal));
        Assert.Contains("note: Cache hit rate fell to 2%", prompt);
        Assert.Contains("Resolution: Rolled back the cache config", prompt);
    }

    [Fact]
    public async Task Edit_PutMarkdown_ReplacesItNamesTheEditorAndAnEmptyOneIs400()
    {
        using var client = services.WithoutLlm.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var id = await OpenNoteAndResolveAsync(client, "Queue backlog");
        await PostmortemAsync(client, id);

        var response = await client.PutAsJsonAsync($"/incidents/{id}/postmortem", new { markdown = "# Edited\n\nWritten by a person." }, Cancel);
        var empty = await client.PutAsJsonAsync($"/incidents/{id}/postmortem", new { markdown = "" }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edited = await response.ReadJsonAsync();
        Assert.Equal("# Edited\n\nWritten by a person.", edited.GetProperty("markdown").GetString());
        Assert.Equal(2, edited.GetProperty("version").GetInt32());
        Assert.StartsWith("key-", edited.GetProperty("editedBy").GetString());
        Assert.Equal("template", edited.GetProperty("draftedBy").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.ReadJsonAsync()).GetProperty("errors").TryGetProperty("markdown", out _));
        var read = await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}/postmortem", Cancel);
        Assert.Equal("# Edited\n\nWritten by a person.", read.GetProperty("markdown").GetString());
    }

    [Fact]
    public async Task Postmortem_BeforeResolveIs409_AnotherTenantGets404()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = services.WithoutLlm.CreateClient().ForTenant(tenant);
        using var stranger = services.WithoutLlm.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var id = (await (await client.PostAsJsonAsync("/incidents", new { title = "Still burning", severity = "low" }, Cancel)).ReadJsonAsync())
            .GetProperty("id").GetGuid();

        var get = await client.GetAsync($"/incidents/{id}/postmortem", Cancel);
        var put = await client.PutAsJsonAsync($"/incidents/{id}/postmortem", new { markdown = "# Too early" }, Cancel);
        var foreign = await stranger.GetAsync($"/incidents/{id}/postmortem", Cancel);
        var foreignPage = await stranger.GetAsync($"/incidents/{id}/page", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, get.StatusCode);
        Assert.Equal("The incident is not resolved", (await get.ReadJsonAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignPage.StatusCode);
    }

    [Fact]
    public async Task Page_ScriptInTitleAndMarkdown_RenderedAsTextUnderAStrictPolicy()
    {
        using var client = services.WithoutLlm.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var id = await OpenNoteAndResolveAsync(client, "<script>alert(1)</script>");
        await PostmortemAsync(client, id);
        await client.PutAsJsonAsync($"/incidents/{id}/postmortem",
            new { markdown = "# Edited\n\n<script>alert(2)</script>\n\n[click](javascript:alert(3)) <img src=x onerror=alert(4)>" }, Cancel);

        var page = await client.GetAsync($"/incidents/{id}/page", Cancel);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        var fragment = await client.GetStringAsync($"/incidents/{id}/postmortem?format=html", Cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("default-src 'none'; style-src 'nonce-", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h1 id=\"title\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>", html);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", html);
        Assert.Contains("<a href=\"#\">click</a>", html);
        Assert.DoesNotContain("<script", fragment, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h1>Edited</h1>", fragment);
    }

    [Fact]
    public async Task Page_RunbookWaitingForApproval_ShowsItsStepsWithTheCurrentOneAndNoPostmortemYet()
    {
        using var client = services.WithoutLlm.CreateClient().ForTenant(HttpExtensions.NewTenant());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/runbooks/careful", new
        {
            name = "careful",
            steps = new object[]
            {
                new { id = "announce", type = "notify", with = new { message = "Looking" } },
                new { id = "ask", type = "approval", with = new { prompt = "Roll back?" }, timeout = "10m" },
                new { id = "close", type = "resolve", with = new { resolution = "Rolled back" } },
            },
        }, Cancel)).StatusCode);
        var id = (await (await client.PostAsJsonAsync("/incidents", new { title = "Scores off", severity = "high" }, Cancel)).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        await client.PostAsJsonAsync($"/incidents/{id}/runbook", new { runbook = "careful" }, Cancel);
        await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{id}/runbook/runs", Cancel),
            r => r[0].GetProperty("status").GetString() == "waiting_approval", "the run to wait for approval");

        var html = await client.GetStringAsync($"/incidents/{id}/page", Cancel);

        Assert.Contains("<h3>careful v1: waiting_approval</h3><ol><li>announce</li><li class=\"current\" aria-current=\"step\">ask ← current step</li>"
            + "<li>close</li></ol>", html);
        Assert.Contains("<span class=\"badge\" id=\"status\">open</span>", html);
        Assert.Contains("No postmortem yet", html);
    }

    /// <summary>Opens an incident by hand, adds a note and resolves it; the timeline is then opened, note, resolved.</summary>
    internal static async Task<Guid> OpenNoteAndResolveAsync(HttpClient client, string title)
    {
        var id = (await (await client.PostAsJsonAsync("/incidents", new { title, severity = "high" }, Cancel)).ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync($"/incidents/{id}/notes", new { text = "Cache hit rate fell to 2%" }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await client.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = "Rolled back the cache config" }, Cancel)).StatusCode);
        return id;
    }

    internal static Task<JsonElement> PostmortemAsync(HttpClient client, Guid id) =>
        Eventually.WaitAsync(async () =>
        {
            var response = await client.GetAsync($"/incidents/{id}/postmortem", Cancel);
            return response.StatusCode == HttpStatusCode.OK ? await response.ReadJsonAsync() : default;
        }, p => p.ValueKind == JsonValueKind.Object, "the postmortem to be drafted");
}
