using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.Gateway.Tests;

public static class Json
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

    public static async Task<string> CreateKeyAsync(this HttpClient admin, string tenant, params string[] scopes)
    {
        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = tenant, name = "test key", scopes }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("secret").GetString()!;
    }
}
