using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.EndToEnd.Tests;

public sealed class PlatformTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    public static TheoryData<string> Services() => new(PlatformFixture.Services);

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ServiceHealth_ThroughGatewayWithKey_Returns200(string service)
    {
        using var client = platform.Gateway(platform.AdminKey);

        var response = await client.GetAsync($"/api/{service}/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ServiceHealth_ThroughGatewayWithoutKey_Returns401ProblemDetails(string service)
    {
        using var client = platform.Gateway(key: null);

        var response = await client.GetAsync($"/api/{service}/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Incident_OpenedByOneTenant_ListedForItAndInvisibleToAnother()
    {
        using var admin = platform.Gateway(platform.AdminKey);
        var acme = await CreateKeyAsync(admin, "acme");
        var globex = await CreateKeyAsync(admin, "globex");
        using var acmeClient = platform.Gateway(acme);
        using var globexClient = platform.Gateway(globex);

        var opened = await acmeClient.PostAsJsonAsync("/api/incident/incidents", new { title = "E2E incident", severity = "low" }, TestContext.Current.CancellationToken);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var acmeList = await acmeClient.GetFromJsonAsync<JsonElement>("/api/incident/incidents", TestContext.Current.CancellationToken);
        var globexGet = await globexClient.GetAsync($"/api/incident/incidents/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Contains(acmeList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, globexGet.StatusCode);
    }

    [Fact]
    public async Task Registry_ListThroughGateway_ReturnsThePageShape()
    {
        using var client = platform.Gateway(platform.AdminKey);

        var page = await client.GetFromJsonAsync<JsonElement>("/api/registry/models", TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task Registry_RegisterAndPromoteThroughGateway_ChampionResolves()
    {
        using var admin = platform.Gateway(platform.AdminKey);
        var key = await CreateKeyAsync(admin, "ml-team", "registry:write", "registry:promote");
        using var client = platform.Gateway(key);
        var model = "e2e-" + Guid.NewGuid().ToString("N")[..8];

        var created = await client.PostAsJsonAsync("/api/registry/models", new { name = model }, TestContext.Current.CancellationToken);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(OnnxModelBuilder.Identity()), "artifact", "model.onnx" } };
        var registered = await client.PostAsync($"/api/registry/models/{model}/versions", upload, TestContext.Current.CancellationToken);
        var promoted = await client.PutAsJsonAsync($"/api/registry/models/{model}/aliases/champion", new { version = 1 }, TestContext.Current.CancellationToken);
        var champion = await client.GetFromJsonAsync<JsonElement>($"/api/registry/models/{model}/aliases/champion", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(1, champion.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task DemoModel_AfterStart_ReadmePredictionWorksThroughTheGateway()
    {
        using var client = platform.Gateway(platform.AdminKey);
        var instance = new
        {
            instances = new[]
            {
                new { age = 35, income = 42000, employment_years = 3, loan_amount = 18000, credit_utilization = 0.82, late_payments_12m = 2,
                      debt_to_income = 0.46, home_ownership = "RENT", purpose = "business" },
            },
        };

        // The trainer trains and promotes the demo model on first start; inference loads it once the alias moves.
        var response = await Eventually.WaitAsync(
            () => client.PostAsJsonAsync("/api/inference/v1/models/credit-default:predict", instance, TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK, "the demo model to answer through the gateway", TimeSpan.FromSeconds(120));
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal("credit-default", answer.GetProperty("modelName").GetString());
        var prediction = answer.GetProperty("predictions")[0];
        Assert.InRange(prediction.GetProperty("Probability").GetDouble(), 0, 1);
        Assert.Contains(prediction.GetProperty("PredictedLabel").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.Equal(1, answer.GetProperty("modelVersion").GetInt32());
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string tenant, params string[] scopes)
    {
        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = tenant, name = "e2e", scopes }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("secret").GetString()!;
    }
}
