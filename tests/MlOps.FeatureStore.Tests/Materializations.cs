using System.Net;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.FeatureStore.Tests;

/// <summary>Starts materialization runs and waits for them to finish, as a client would (POST, then poll the run).</summary>
public static class Materializations
{
    public static async Task<JsonElement> RunAsync(HttpClient client, params string[] views)
    {
        var (response, run) = await client.PostJsonAsync("/materializations", new { views });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await FinishedAsync(client, run.GetProperty("id").GetGuid());
    }

    public static Task<JsonElement> FinishedAsync(HttpClient client, Guid id) => Eventually.WaitAsync(
        async () => (await client.GetJsonAsync($"/materializations/{id}")).Body,
        run => run.GetProperty("status").GetString() is "succeeded" or "failed", $"materialization {id} to finish");

    public static async Task<JsonElement> LookupAsync(HttpClient client, string service, params object[] entities)
    {
        var (response, body) = await client.PostJsonAsync("/online-features", new { featureService = service, entities });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return body;
    }

    public static double? Spend(JsonElement result) =>
        result.GetProperty("values").GetProperty("stats__spend") is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;
}
