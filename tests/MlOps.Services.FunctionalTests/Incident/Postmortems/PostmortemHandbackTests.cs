using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using MlOps.Services.FunctionalTests.Infrastructure;
using Npgsql;

namespace MlOps.Services.FunctionalTests.Incident.Postmortems;

/// <summary>
/// Two incident replicas on one database: the one drafting a postmortem (its LLM never answers) stops and hands the draft
/// back, and the other drafts it from the template well inside the 10-minute lease.
/// </summary>
public sealed class PostmortemHandbackTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Draft_ReplicaStopsWhileTheLlmThinks_HandsItBack_AndTheOtherReplicaDraftsIt()
    {
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var llm = await HangingLlmAsync(asked);
        var prefix = "ph" + Guid.NewGuid().ToString("N")[..8];
        var first = Replica(null, llm.Urls.First() + "/", prefix);
        first.CreateClient().Dispose();
        Guid id;
        using (var client = first.CreateClient().ForTenant(HttpExtensions.NewTenant()))
        {
            id = await PostmortemTests.OpenNoteAndResolveAsync(client, "Handed back");
        }
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        var held = await MarkerAsync(first.ConnectionString, id);
        // Nothing listens on port 1: the second replica drafts from the plain template.
        await using var second = Replica(first.DatabaseName, "http://127.0.0.1:1/", prefix);
        second.CreateClient().Dispose();

        await first.DisposeAsync();

        await using var db = new NpgsqlConnection(first.ConnectionString);
        var drafted = await Eventually.WaitAsync(
            () => db.QuerySingleOrDefaultAsync<string?>("SELECT drafted_by FROM postmortems WHERE incident_id = @id", new { id }),
            by => by is not null, "the second replica to draft the postmortem");
        Assert.Equal("template", drafted);
        Assert.True(held.NextAttempt > DateTime.UtcNow.AddMinutes(5), $"the first replica's lease ran to {held.NextAttempt:O}");
        Assert.Equal(1, held.Attempts);
    }

    private static ServiceFactory<MlOps.Incident.Model.IncidentResponse> Replica(string? databaseName, string llmUrl, string prefix) =>
        new("incidentdb", new Dictionary<string, string>
        {
            ["MlOps:Messaging:EndpointPrefix"] = prefix,
            ["MlOps:Incident:ShippedDefinitionsTenants"] = "",
            ["MlOps:Incident:Postmortem:LlmUrl"] = llmUrl,
            ["MlOps:Incident:Postmortem:LlmTimeout"] = "00:05:00",
            ["MlOps:Incident:Postmortem:Lease"] = "00:10:00",
            ["MlOps:Incident:Postmortem:PollInterval"] = "00:00:00.200",
        }, databaseName: databaseName)
        {
            DropDatabaseOnDispose = databaseName is not null,
        };

    private static async Task<(DateTime NextAttempt, int Attempts)> MarkerAsync(string connectionString, Guid id)
    {
        await using var db = new NpgsqlConnection(connectionString);
        return await db.QuerySingleAsync<(DateTime, int)>("SELECT next_attempt_at, attempts FROM postmortem_pending WHERE incident_id = @id", new { id });
    }

    /// <summary>An OpenAI-compatible endpoint over real HTTP that reports each request and never answers it.</summary>
    private static async Task<WebApplication> HangingLlmAsync(TaskCompletionSource asked)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            asked.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return Results.StatusCode((int)HttpStatusCode.ServiceUnavailable);
        });
        await app.StartAsync(Cancel);
        return app;
    }
}
