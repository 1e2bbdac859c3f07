using System.Buffers.Binary;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>
/// An OpenAI embeddings request: the inputs, dimensions (the provider shortens the vectors as its model allows),
/// encoding_format (float arrays, or base64 of little-endian float32 as OpenAI sends them) and the end user's id.
/// </summary>
public sealed record EmbeddingsRequest : IValidatableObject
{
    /// <summary>OpenAI's limit on inputs in one request.</summary>
    public const int MaxInputs = 2048;

    private const string InputRule = "'input' must be a non-empty string or an array of 1 to 2048 non-empty strings.";

    /// <summary>The request's <c>model</c>.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>The request's <c>input</c>: one string or several.</summary>
    [JsonPropertyName("input")]
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The request's <c>dimensions</c>.</summary>
    [JsonPropertyName("dimensions"), Range(1d, int.MaxValue, ErrorMessage = "'dimensions' must be a positive integer.")]
    public long? Dimensions { get; init; }

    /// <summary>The request's <c>encoding_format</c>.</summary>
    [JsonPropertyName("encoding_format"), AllowedValues(null, "float", "base64", ErrorMessage = "'encoding_format' must be 'float' or 'base64'.")]
    public string? EncodingFormat { get; init; }

    /// <summary>The request's <c>user</c>.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }

    /// <summary>Whether the vectors are sent as base64.</summary>
    public bool Base64 => EncodingFormat == "base64";

    /// <summary>The request, or the OpenAI 400 naming the first field at fault.</summary>
    public static (EmbeddingsRequest? Request, OpenAiError? Error) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, OpenAiError.BadRequest("The request body must be a JSON object."));
        }
        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetString()))
        {
            return (null, OpenAiError.BadRequest("'model' is required and must be a non-empty string.", "model"));
        }
        var input = JsonFields.Get(body, "input");
        List<string>? inputs = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array when input.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String) => [.. input.EnumerateArray().Select(i => i.GetString()!)],
            _ => null,
        };
        if (inputs is null)
        {
            return (null, OpenAiError.BadRequest(InputRule, "input"));
        }
        OpenAiError? error = null;
        var request = new EmbeddingsRequest
        {
            Model = model.GetString()!,
            Inputs = inputs,
            Dimensions = JsonFields.Integer(body, "dimensions", "'dimensions' must be a positive integer.", ref error),
            EncodingFormat = JsonFields.String(body, "encoding_format", ref error),
            User = JsonFields.String(body, "user", ref error),
        };
        error ??= OpenAiValidation.Validate(request);
        return error is null ? (request, null) : (null, error);
    }

    /// <summary>OpenAI's rule on the inputs.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Inputs.Count is 0 or > MaxInputs || Inputs.Any(i => i.Length == 0))
        {
            yield return new ValidationResult(InputRule, ["input"]);
        }
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
