using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.GuardrailGateway.Guarding;
using MlOps.GuardrailGateway.Llm;
using MlOps.GuardrailGateway.Policies;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.GuardrailGateway.Apis;

public static class EmbeddingsApi
{
    private const int MaxInputs = 2048;

    public static IEndpointRouteBuilder MapEmbeddingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", Embed).WithTags("LLM").WithName("Embeddings")
            .WithSummary("OpenAI-compatible embeddings: inputs scanned for PII and secrets (redacted or blocked by policy), then the providers that serve the model, with fallback.")
            .Accepts<JsonElement>("application/json");
        return app;
    }

    public static async Task<IResult> Embed(HttpRequest http, TenantId tenant, PolicyStore policies, GuardService guard, ViolationPublisher violations,
        ProviderChat providers, IOptions<LlmOptions> options, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Body, cancellationToken: cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            return OpenAiError.Result(StatusCodes.Status400BadRequest, $"The body is not valid JSON: {error.Message}", "invalid_request_error");
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
        var model = modelValue.GetString()!;
        if (providers.ProvidersFor(model).Count == 0)
        {
            return OpenAiError.Result(StatusCodes.Status404NotFound, $"The model '{model}' does not exist or no provider serves it.", "invalid_request_error", "model_not_found", "model");
        }

        // Stored vectors outlive the request: PII and secrets are what matter here, not prompt injection.
        var policy = await policies.GetAsync(tenant.Value, options.Value.Policy, cancellationToken) ?? Policy.BuiltInDefault;
        var dataOnly = policy with { Scanners = [.. policy.Scanners.Where(s => s is "pii" or "secrets")] };
        var texts = inputs.Select((text, i) => ((int?)i, (string?)"document", text)).ToList();
        var scan = guard.Scan(dataOnly, tenant.Value, texts);
        if (scan.Action is "block" or "flag")
        {
            await violations.PublishAsync(tenant.Value, scan, inputs, cancellationToken);
        }
        if (scan.Action == "block")
        {
            var decisive = scan.Findings.First(f => f.Action == "block");
            return OpenAiError.Result(StatusCodes.Status400BadRequest, $"Blocked by the {decisive.Scanner} guardrail: {decisive.Kind}.", "guardrail_violation", decisive.Scanner, $"input[{decisive.Message}]");
        }
        try
        {
            var (vectors, provider, tokens) = await providers.EmbedAsync(model, [.. scan.Messages!.Select(m => m.Content ?? "")], cancellationToken);
            http.HttpContext.Response.Headers["X-MlOps-Provider"] = provider;
            return Results.Json(new JsonObject
            {
                ["object"] = "list",
                ["model"] = model,
                ["data"] = new JsonArray([.. vectors.Select((v, i) => (JsonNode)new JsonObject
                {
                    ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray([.. v.Select(x => JsonValue.Create(x))]),
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
