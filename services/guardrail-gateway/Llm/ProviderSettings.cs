using Microsoft.SemanticKernel.Connectors.OpenAI;
using MlOps.OpenAi;
using OpenAI.Chat;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// A valid OpenAI request as Semantic Kernel's settings for the provider call: temperature, top_p, the token ceiling, stop
/// sequences, seed, penalties, response format and the end user's id. An option the gateway cannot honour (n above 1, log
/// probabilities) is refused, not dropped.
/// </summary>
public static class ProviderSettings
{
    /// <summary>The OpenAI-style 400 for an option this service cannot honour, else null.</summary>
    public static OpenAiError? Unsupported(ChatCompletionRequest request)
    {
        if (request.Choices != 1)
        {
            return OpenAiError.BadRequest("'n' must be 1: the gateway returns one choice per request.", "n");
        }
        // Token log probabilities would carry the provider's tokens past the placeholder restoring and the output guards.
        return request.Logprobs == true || request.TopLogprobs is not null
            ? OpenAiError.BadRequest("'logprobs' is not supported: token log probabilities would bypass the gateway's answer guards.", "logprobs")
            : null;
    }

    /// <summary>The settings the provider call is made with.</summary>
    public static OpenAIPromptExecutionSettings From(ChatCompletionRequest request) => new()
    {
        Temperature = request.Temperature,
        TopP = request.TopP,
        MaxTokens = request.TokenCeiling,
        StopSequences = request.Stop is null ? null : [.. request.Stop],
        Seed = request.Seed,
        PresencePenalty = request.PresencePenalty,
        FrequencyPenalty = request.FrequencyPenalty,
        ResponseFormat = Format(request.ResponseFormat),
        User = request.User,
    };

    private static ChatResponseFormat? Format(ResponseFormat? format) => format?.Type switch
    {
        null => null,
        "text" => ChatResponseFormat.CreateTextFormat(),
        "json_object" => ChatResponseFormat.CreateJsonObjectFormat(),
        _ => ChatResponseFormat.CreateJsonSchemaFormat(format.SchemaName!, BinaryData.FromString(format.Schema!), format.Description, format.Strict),
    };
}
