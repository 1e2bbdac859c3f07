using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.FeatureStore.Tests;

/// <summary>Small request helpers: JSON bodies from anonymous objects, answers as JsonElement.</summary>
public static class Json
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PutJsonAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body, Token);
        return (response, await BodyAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, Token);
        return (response, await BodyAsync(response));
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Token);
        return (response, await BodyAsync(response));
    }

    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString()!;

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Token);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
