using System.Net;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace MlOps.Inference.Tests;

[Collection(ServingCollection.Name)]
public sealed class VerificationTests(ServingFixture fixture)
{
    [Fact]
    public async Task TamperedArtifact_IsRefused_AndThePreviousVersionKeepsServing()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        var tampered = OnnxModelBuilder.Identity("x", "y", producer: "tamper-" + tenant);
        var v2 = await fixture.RegisterAsync(tenant, DemoRequests.Model, tampered);
        var stored = Path.Combine(fixture.ArtifactRoot, "sha256", Digest(tampered)[..2], Digest(tampered));
        await File.AppendAllTextAsync(stored, "tampered", TestContext.Current.CancellationToken);

        // The registry's gate refuses a tampered artifact; an admin override gets it past, and inference must still refuse it.
        await fixture.OverrideChampionAsync(tenant, DemoRequests.Model, v2, "verification test: inference's own check");

        using var client = fixture.Client(tenant);
        var state = await WaitForStateAsync(client, "refused");
        Assert.Equal(v2, state.GetProperty("version").GetInt32());
        Assert.Contains("no longer matches sha256", state.GetProperty("message").GetString(), StringComparison.Ordinal);
        var response = await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", (await response.JsonAsync()).GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task WronglySignedVersion_IsRefused_AndWithoutAnotherVersionTheModelAnswers503()
    {
        var tenant = HttpJson.NewTenant();
        var onnx = OnnxModelBuilder.Identity("x", "y", producer: "forged-" + tenant);
        var version = await fixture.RegisterAsync(tenant, "forged", onnx);
        var other = OnnxModelBuilder.Identity("x", "y", producer: "other-" + tenant);
        await using (var registryDb = new NpgsqlConnection(fixture.Registry.ConnectionString))
        {
            // A valid signature, but over another artifact: what a swapped blob with a replayed signature looks like.
            var otherVersion = await fixture.RegisterAsync(tenant, "forged", other);
            await registryDb.ExecuteAsync(
                """
                UPDATE model_versions v SET signature = (SELECT signature FROM model_versions o WHERE o.model_id = v.model_id AND o.version = @otherVersion)
                WHERE v.version = @version AND v.tenant_id = @tenant
                """, new { version, otherVersion, tenant });
        }

        await fixture.OverrideChampionAsync(tenant, "forged", version, "verification test: inference's own check");

        using var client = fixture.Client(tenant);
        var state = await WaitForStateAsync(client, "refused", "forged");
        Assert.Contains("does not verify", state.GetProperty("message").GetString(), StringComparison.Ordinal);
        var response = await client.PostAsync("/v2/models/forged/infer",
            new StringContent("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("refused", (await response.JsonAsync()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, string status, string model = DemoRequests.Model)
    {
        var deployment = await Eventually.WaitAsync(async () => await client.GetAsync($"/deployments/{model}", TestContext.Current.CancellationToken) is { IsSuccessStatusCode: true } r
                ? await r.JsonAsync() : default,
            d => d.ValueKind == JsonValueKind.Object && d.GetProperty("aliases").EnumerateArray().Any(a => a.GetProperty("status").GetString() == status),
            $"the champion to be {status}");
        return deployment.GetProperty("aliases").EnumerateArray().Single(a => a.GetProperty("alias").GetString() == "champion");
    }

    private static string Digest(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
