using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.GuardrailGateway.Llm;
using MlOps.OpenAi;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tracing;

namespace MlOps.GuardrailGateway.Apis;

public static class EmbeddingsApi
{
    private static readonly string[] DataScanners = ["pii", "secrets"];

    public static IEndpointRouteBuilder MapEmbeddingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/embeddings", Embed).WithTags("LLM").WithName("Embeddings")
            .WithSummary("OpenAI-compatible embeddings: inputs scanned for PII and secrets (redacted or blocked by policy), then the providers that serve the model, with fallback.")
            .Accepts<JsonElement>("application/json");
        return app;
    }

    public static async Task<IResult> Embed(HttpRequest http, CallerIdentity caller, LlmRequestGuard guard, ProviderChat providers, CancellationToken cancellationToken)
    {
        var (body, malformed) = await LlmRequestGuard.ReadBodyAsync(http, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }
        var (request, invalid) = EmbeddingsRequest.Read(body);
        if (invalid is not null)
        {
            return invalid.ToResult();
        }
        var (model, inputs) = (request!.Model, request.Inputs);
        if (guard.Unserved(model) is { } unserved)
        {
            return unserved;
        }
        // Stored vectors outlive the request: PII and secrets are what matter here, not prompt injection.
        var texts = inputs.Select((text, i) => ((int?)i, (string?)"document", text)).ToList();
        var (scan, refusal) = await guard.CheckAsync(caller, texts, "input", DataScanners, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        try
        {
            var (vectors, provider, tokens) = await providers.EmbedAsync(model, [.. scan.Messages!.Select(m => m.Content ?? "")], request,
                LlmSession.Of(http, request.User), cancellationToken);
            http.HttpContext.Response.Headers["X-MlOps-Provider"] = provider;
            return Results.Json(new JsonObject
            {
                ["object"] = "list",
                ["model"] = model,
                ["data"] = new JsonArray([.. vectors.Select((v, i) => (JsonNode)new JsonObject
                {
                    ["object"] = "embedding", ["index"] = i,
                    ["embedding"] = request.Base64 ? EmbeddingsRequest.ToBase64(v) : new JsonArray([.. v.Select(x => JsonValue.Create(x))]),
                })]),
                ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
            });
        }
        catch (ProviderUnavailableException error)
        {
            return new OpenAiError(error.Status, error.Message, error.Status == StatusCodes.Status404NotFound ? OpenAiError.InvalidRequest : "provider_error",
                "provider_unavailable").ToResult();
        }
    }
}
