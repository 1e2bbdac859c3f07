using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.GuardrailGateway.Llm;
using MlOps.ServiceDefaults.Tenancy;
using MlOps.ServiceDefaults.Tracing;

namespace MlOps.GuardrailGateway.Apis;

public static class EmbeddingsApi
{
    private const int MaxInputs = 2048;
    private static readonly string[] DataScanners = ["pii", "secrets"];

    public static IEndpointRouteBuilder MapEmbeddingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", Embed).WithTags("LLM").WithName("Embeddings")
            .WithSummary("OpenAI-compatible embeddings: inputs scanned for PII and secrets (redacted or blocked by policy), then the providers that serve the model, with fallback.")
            .Accepts<JsonElement>("application/json");
        return app;
    }

    public static async Task<IResult> Embed(HttpRequest http, TenantId tenant, LlmRequestGuard guard, ProviderChat providers, CancellationToken cancellationToken)
    {
        var (body, malformed) = await LlmRequestGuard.ReadBodyAsync(http, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("model", out var modelValue) || modelValue.ValueKind != JsonValueKind.String)
        {
            return OpenAiError.Result(StatusCodes.Status400BadRequest, "'model' is required and must be a string.", "invalid_request_error", param: "model");
        }
        var inputs = body.TryGetProperty("input", out var input) ? Inputs(input) : null;
        if (inputs is not { Count: > 0 and <= MaxInputs })
        {
            return OpenAiError.Result(StatusCodes.Status400BadRequest, $"'input' must be a non-empty string or an array of 1 to {MaxInputs} non-empty strings.", "invalid_request_error", param: "input");
        }
        var (options, optionsError, optionsParam) = EmbeddingOptions.Parse(body);
        if (options is null)
        {
            return OpenAiError.Result(StatusCodes.Status400BadRequest, optionsError!, "invalid_request_error", param: optionsParam);
        }
        var model = modelValue.GetString()!;
        if (guard.Unserved(model) is { } unserved)
        {
            return unserved;
        }
        // Stored vectors outlive the request: PII and secrets are what matter here, not prompt injection.
        var texts = inputs.Select((text, i) => ((int?)i, (string?)"document", text)).ToList();
        var (scan, refusal) = await guard.CheckAsync(tenant.Value, texts, "input", DataScanners, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        try
        {
            var (vectors, provider, tokens) = await providers.EmbedAsync(model, [.. scan.Messages!.Select(m => m.Content ?? "")], options,
                LlmSession.Of(http, options.User), cancellationToken);
            http.HttpContext.Response.Headers["X-MlOps-Provider"] = provider;
            return Results.Json(new JsonObject
            {
                ["object"] = "list",
                ["model"] = model,
                ["data"] = new JsonArray([.. vectors.Select((v, i) => (JsonNode)new JsonObject
                {
                    ["object"] = "embedding", ["index"] = i,
                    ["embedding"] = options.Base64 ? EmbeddingOptions.ToBase64(v) : new JsonArray([.. v.Select(x => JsonValue.Create(x))]),
                })]),
                ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
            });
        }
        catch (ProviderUnavailableException error)
        {
            return OpenAiError.Result(error.Status, error.Message, error.Status == StatusCodes.Status404NotFound ? "invalid_request_error" : "provider_error", "provider_unavailable");
        }
    }

    private static List<string>? Inputs(JsonElement input) => input.ValueKind switch
    {
        JsonValueKind.String when input.GetString()!.Length > 0 => [input.GetString()!],
        JsonValueKind.Array when input.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String && i.GetString()!.Length > 0) =>
            [.. input.EnumerateArray().Select(i => i.GetString()!)],
        _ => null,
    };
}
