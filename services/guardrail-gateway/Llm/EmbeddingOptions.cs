using System.Buffers.Binary;
using System.Text.Json;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// The OpenAI embeddings request's options: dimensions (passed to the provider, which shortens the vectors as its model
/// allows), encoding_format (float arrays, or base64 of little-endian float32 as OpenAI sends them) and the end user's id.
/// </summary>
public sealed record EmbeddingOptions(int? Dimensions, bool Base64, string? User)
{
    /// <summary>The options, or the OpenAI-style message and param of what is wrong.</summary>
    public static (EmbeddingOptions? Options, string? Error, string? Param) Parse(JsonElement body)
    {
        int? dimensions = null;
        if (body.TryGetProperty("dimensions", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var value) || value < 1)
            {
                return (null, "'dimensions' must be a positive integer.", "dimensions");
            }
            dimensions = value;
        }
        var format = body.TryGetProperty("encoding_format", out var f) && f.ValueKind != JsonValueKind.Null ? f : default;
        if (format.ValueKind != JsonValueKind.Undefined && (format.ValueKind != JsonValueKind.String || format.GetString() is not ("float" or "base64")))
        {
            return (null, "'encoding_format' must be 'float' or 'base64'.", "encoding_format");
        }
        var user = RequestFields.OptionalString(body, "user");
        if (user.Error is not null)
        {
            return (null, user.Error, "user");
        }
        return (new EmbeddingOptions(dimensions, format.ValueKind == JsonValueKind.String && format.GetString() == "base64", user.Value), null, null);
    }

    /// <summary>A vector as OpenAI's base64 encoding writes it: its float32 values, little-endian, in base64.</summary>
    public static string ToBase64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }
        return Convert.ToBase64String(bytes);
    }
}
