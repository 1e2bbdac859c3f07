using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Inference.Loading;
using MlOps.Inference.Serving;

namespace MlOps.Inference.Tests;

[Collection(ServingCollection.Name)]
public sealed class WarmUpTimeoutTests(ServingFixture fixture)
{
    // One tick (100 ns): less than opening any ONNX session takes, so the refusal does not depend on how fast this machine is.
    private const string OneTick = "00:00:00.0000001";

    [Fact]
    public async Task WarmUpOverTheTimeout_IsRefused_AndThePreviousVersionKeepsServing()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        var v2 = await fixture.RegisterAsync(tenant, DemoRequests.Model, fixture.DemoV2);
        // Its own instance, serving the tenant's champion (v1) from the start, so its configuration can change under it alone.
        await using var inference = fixture.StartInference(null, tenant);
        using var client = ServingFixture.Client(inference, tenant);
        await fixture.WaitServedAsync(client, DemoRequests.Model, 1);

        var configuration = (IConfigurationRoot)inference.Services.GetRequiredService<IConfiguration>();
        configuration["MlOps:Inference:WarmUpTimeout"] = OneTick;
        configuration.Reload();
        // What the alias-change consumer records when the champion moves (this instance listens on its own virtual host).
        await inference.Services.GetRequiredService<DeploymentStore>().SetAliasAsync(new ModelKey(tenant, DemoRequests.Model), "champion", v2,
            DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        var champion = await Eventually.WaitAsync(async () => await ChampionAsync(client),
            c => c.ValueKind == JsonValueKind.Object && c.GetProperty("status").GetString() == "refused", "v2 to be refused");
        Assert.Equal(v2, champion.GetProperty("version").GetInt32());
        Assert.Equal($"opening and warming up version {v2} took longer than {TimeSpan.Parse(OneTick, System.Globalization.CultureInfo.InvariantCulture)} "
            + "(MlOps:Inference:WarmUpTimeout)", champion.GetProperty("message").GetString());
        var response = await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", (await response.JsonAsync()).GetProperty("model_version").GetString());
    }

    private static async Task<JsonElement> ChampionAsync(HttpClient client)
    {
        var response = await client.GetAsync($"/deployments/{DemoRequests.Model}", TestContext.Current.CancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.JsonAsync()).GetProperty("aliases").EnumerateArray().Single(a => a.GetProperty("alias").GetString() == "champion")
            : default;
    }
}
