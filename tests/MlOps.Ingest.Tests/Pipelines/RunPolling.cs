using System.Net.Http.Json;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>Creating pipelines and following their runs through the API, as a client would.</summary>
public static class RunPolling
{
    public static async Task<JsonElement> CreateAsync(HttpClient client, object pipeline)
    {
        var response = await client.PostAsJsonAsync("/pipelines", pipeline, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return body;
    }

    public static async Task<JsonElement> StartAsync(HttpClient client, string pipeline)
    {
        var response = await client.PostAsync($"/pipelines/{pipeline}/runs", null, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body.ToString());
        return body;
    }

    /// <summary>The run once it has ended (succeeded, failed or cancelled).</summary>
    public static Task<JsonElement> FinishedAsync(HttpClient client, string pipeline, string runId) =>
        Eventually.WaitAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/pipelines/{pipeline}/runs/{runId}", TestContext.Current.CancellationToken),
            run => run.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled",
            $"run {runId} of {pipeline} to end");

    public static async Task<JsonElement> RunToEndAsync(HttpClient client, string pipeline)
    {
        var run = await StartAsync(client, pipeline);
        return await FinishedAsync(client, pipeline, run.GetProperty("id").GetString()!);
    }
}
