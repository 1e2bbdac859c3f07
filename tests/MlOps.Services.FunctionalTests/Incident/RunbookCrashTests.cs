using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Incident;

/// <summary>The incident service as its own process, killed (SIGKILL) mid-runbook, and a new process taking the run over.</summary>
public sealed class RunbookCrashTests : IAsyncDisposable
{
    private readonly string _database = TestInfrastructure.UniqueDatabase("incident_crash");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunnerKilledWhileTheRunWaits_NewProcessResumesAtTheWaitingStep_EarlierStepsNotRepeated()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__incidentdb"] = TestInfrastructure.Postgres(_database),
            ["ConnectionStrings__messaging"] = TestInfrastructure.RabbitMq("functional").ToString(),
            // Its own queues: the fixture's incident service must not take this process's messages, nor this one theirs.
            ["MlOps__Messaging__EndpointPrefix"] = "crash" + Guid.NewGuid().ToString("N")[..8],
            ["MlOps__Incident__RunbookPollInterval"] = "00:00:00.200",
            // Its queues still see every drift event on the vhost; the shipped runbooks would retrain other tests' models.
            ["MlOps__Incident__ShippedDefinitionsTenants"] = "",
        };
        Guid incident;
        using (var doomed = await ServiceProcess.StartAsync("incident", "MlOps.Incident", environment))
        {
            using var client = new HttpClient { BaseAddress = doomed.Address }.Authorize("acme");
            Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/runbooks/careful", new
            {
                name = "careful",
                steps = new object[]
                {
                    new { id = "announce", type = "notify", with = new { message = "Rolling back after approval" } },
                    new { id = "ask", type = "approval", with = new { prompt = "Go?" }, timeout = "10m" },
                    new { id = "after", type = "notify", with = new { message = "Approved, going ahead" } },
                    new { id = "close", type = "resolve", with = new { resolution = "Done after restart" } },
                },
            }, Cancel)).StatusCode);
            incident = (await (await client.PostAsJsonAsync("/incidents", new { title = "Scores off", severity = "high" }, Cancel)).ReadJsonAsync())
                .GetProperty("id").GetGuid();
            await client.PostAsJsonAsync($"/incidents/{incident}/runbook", new { runbook = "careful" }, Cancel);
            await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/runbook/runs", Cancel),
                r => r[0].GetProperty("status").GetString() == "waiting_approval", "the run to wait for approval");
            doomed.Kill();
        }

        using var restarted = await ServiceProcess.StartAsync("incident", "MlOps.Incident", environment);
        using var again = new HttpClient { BaseAddress = restarted.Address }.Authorize("acme");
        Assert.Equal(HttpStatusCode.OK, (await again.PostAsJsonAsync($"/incidents/{incident}/runbook/approve", new { }, Cancel)).StatusCode);

        var resolved = await Eventually.WaitAsync(() => again.GetFromJsonAsync<JsonElement>($"/incidents/{incident}", Cancel),
            i => i.GetProperty("status").GetString() == "resolved", "the restarted service to finish the run");
        Assert.Equal("Done after restart", resolved.GetProperty("resolution").GetString());
        var timeline = (await again.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/timeline", Cancel)).EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString() + ":" + e.GetProperty("summary").GetString()).ToList();
        Assert.Single(timeline, e => e == "notify:Rolling back after approval");
        Assert.Single(timeline, e => e!.StartsWith("approval_requested:", StringComparison.Ordinal));
        Assert.Single(timeline, e => e == "notify:Approved, going ahead");
        Assert.Single(timeline, e => e!.StartsWith("runbook_succeeded:", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync() => await TestInfrastructure.DropDatabaseAsync(_database);
}
