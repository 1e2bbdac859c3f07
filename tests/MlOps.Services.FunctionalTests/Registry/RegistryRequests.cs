using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>The calls the registry tests make over and over.</summary>
public static class RegistryRequests
{
    public const string Write = "registry:write";
    public const string Promote = "registry:promote";

    public static async Task CreateModelAsync(this HttpClient client, string name, object? tags = null)
    {
        var response = await client.PostAsJsonAsync("/models", new { name, description = "test model", tags }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static MultipartFormDataContent VersionUpload(byte[] artifact, object? metadata = null)
    {
        var content = new MultipartFormDataContent();
        if (metadata is not null)
        {
            content.Add(new StringContent(JsonSerializer.Serialize(metadata), System.Text.Encoding.UTF8, "application/json"), "metadata");
        }
        var file = new ByteArrayContent(artifact);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "artifact", "model.onnx");
        return content;
    }

    public static Task<HttpResponseMessage> UploadVersionAsync(this HttpClient client, string model, byte[] artifact, object? metadata = null) =>
        client.PostAsync($"/models/{model}/versions", VersionUpload(artifact, metadata), TestContext.Current.CancellationToken);

    public static async Task<JsonElement> RegisterVersionAsync(this HttpClient client, string model, byte[] artifact, object? metadata = null)
    {
        var response = await client.UploadVersionAsync(model, artifact, metadata);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>The evaluation metrics a version needs for the readiness gate's "evaluation passed" (any metric; no thresholds set).</summary>
    public static readonly object Evaluated = new { metrics = new { auc = 0.9 } };

    /// <summary>Records a load measured on a version, which the readiness gate wants before any champion but the first.</summary>
    public static async Task RecordLoadTestAsync(this HttpClient client, string model, int version, double errorRate = 0.001, double p99Milliseconds = 25)
    {
        var response = await client.PostAsJsonAsync($"/models/{model}/versions/{version}/load-tests",
            new { source = "load-test", requests = 1000, errorRate, p99Milliseconds }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static string NewModelName() => "model-" + Guid.NewGuid().ToString("N")[..10];
}
