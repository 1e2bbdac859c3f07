using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.DevLlmProvider.Apis;

/// <summary>
/// POST /v1/embeddings: deterministic 16-dimension unit vectors from a hash of each input (same text, same vector);
/// dimensions shortens them (the first components, normalized again, as OpenAI's text-embedding-3 models do) and
/// encoding_format base64 sends each as base64 of little-endian float32, as OpenAI does.
/// </summary>
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
            var dimensions = request?["dimensions"]?.GetValue<int>() ?? Dimensions;
            if (dimensions is < 1 or > Dimensions)
            {
                return Results.BadRequest(new { error = new { message = $"dimensions must be between 1 and {Dimensions}", type = "invalid_request_error", param = "dimensions" } });
            }
            var base64 = request?["encoding_format"]?.GetValue<string>() == "base64";
            return Results.Ok(new JsonObject
            {
                ["object"] = "list",
                ["model"] = request?["model"]?.GetValue<string>() ?? "dev-embed",
                ["data"] = new JsonArray([.. texts.Select((t, i) => (JsonNode)new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = Encoded(Vector(t, dimensions), base64) })]),
                ["usage"] = new JsonObject { ["prompt_tokens"] = texts.Sum(t => t.Split(' ').Length), ["total_tokens"] = texts.Sum(t => t.Split(' ').Length) },
            });
        });
        return app;
    }

    private static JsonNode Encoded(float[] vector, bool base64)
    {
        if (!base64)
        {
            return new JsonArray([.. vector.Select(v => JsonValue.Create(v))]);
        }
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }
        return JsonValue.Create(Convert.ToBase64String(bytes));
    }

    private static float[] Vector(string text, int dimensions)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var vector = Enumerable.Range(0, dimensions).Select(i => (hash[i] - 127.5f) / 127.5f).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }
}
