using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.DevLlmProvider.Apis;

/// <summary>POST /v1/embeddings: deterministic 16-dimension unit vectors from a hash of each input (same text, same vector).</summary>
public static class EmbeddingsApi
{
    private const int Dimensions = 16;

    public static IEndpointRouteBuilder MapEmbeddingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", async (HttpContext context) =>
        {
            var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var input = request?["input"];
            var texts = input is JsonArray array ? array.Select(t => t?.GetValue<string>() ?? "").ToList() : [input?.GetValue<string>() ?? ""];
            return Results.Ok(new JsonObject
            {
                ["object"] = "list",
                ["model"] = request?["model"]?.GetValue<string>() ?? "dev-embed",
                ["data"] = new JsonArray([.. texts.Select((t, i) => (JsonNode)new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray([.. Vector(t).Select(v => JsonValue.Create(v))]) })]),
                ["usage"] = new JsonObject { ["prompt_tokens"] = texts.Sum(t => t.Split(' ').Length), ["total_tokens"] = texts.Sum(t => t.Split(' ').Length) },
            });
        });
        return app;
    }

    private static float[] Vector(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var vector = Enumerable.Range(0, Dimensions).Select(i => (hash[i] - 127.5f) / 127.5f).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }
}
