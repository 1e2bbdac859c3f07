using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.OpenAi;

namespace MlOps.Gateway.Llm.Admission;

/// <summary>What the policy needs from an OpenAI chat completions or embeddings request, read once from its JSON body.</summary>
public sealed class LlmRequest
{
    private static readonly byte[] UsageOption = "\"stream_options\":{\"include_usage\":true},"u8.ToArray();
    private readonly byte[] _original;
    private bool _changed;
    private bool _usageOptionAdded;
    private IReadOnlyList<string>? _inputTexts;

    private LlmRequest(JsonObject body, byte[] original, string model, bool embeddings) => (Body, _original, Model, IsEmbeddings) = (body, original, model, embeddings);

    public JsonObject Body { get; }
    public string Model { get; }
    public bool IsEmbeddings { get; }
    public bool Stream => Streams(Body);

    /// <summary>The output cap the request sets (max_completion_tokens or max_tokens), if any.</summary>
    public int? MaxTokens => ReadInt("max_completion_tokens") ?? ReadInt("max_tokens");

    /// <summary>The number of choices asked for (n, 1 when absent); Parse has refused one outside OpenAI's 1 to 128.</summary>
    public int Choices => ReadInt("n") ?? 1;

    /// <summary>Deterministic: temperature 0 (the default temperature of OpenAI's models is 1) and one choice.</summary>
    public bool Deterministic => Body["temperature"] is JsonValue t && t.TryGetValue<double>(out var temperature) && temperature == 0 && (ReadInt("n") ?? 1) == 1;

    /// <summary>
    /// All the text the model reads: every message's content (string or text parts), tool call arguments, or the embedding
    /// input. Read once: the input guard and the token estimate both need it.
    /// </summary>
    public IReadOnlyList<string> InputTexts() => _inputTexts ??= IsEmbeddings
        ? Body["input"] is JsonArray array ? [.. array.Select(i => i?.ToString() ?? "")] : [Body["input"]?.ToString() ?? ""]
        : [.. Body["messages"]!.AsArray().SelectMany(MessageTexts)];

    /// <summary>The text of the last user message, for the semantic cache.</summary>
    public string LastUserText() => LastUserMessage(Body) is { } last ? string.Concat(MessageTexts(last)) : "";

    /// <summary>The last message with the user role in a chat request body (this one or a copy of it).</summary>
    public static JsonObject? LastUserMessage(JsonObject body) =>
        body["messages"] is JsonArray messages ? messages.LastOrDefault(m => m?["role"]?.ToString() == "user") as JsonObject : null;

    /// <summary>
    /// Parses the body of a request to <paramref name="path"/> and judges it by the shared OpenAI rules (the same as
    /// guardrail-gateway's); an OpenAI-style 400 names the field at fault.
    /// </summary>
    public static (LlmRequest? Request, OpenAiError? Error) Parse(byte[] json, string path)
    {
        var (body, malformed) = OpenAiJson.Parse(json);
        if (malformed is not null)
        {
            return (null, malformed);
        }
        var embeddings = path.EndsWith("/embeddings", StringComparison.Ordinal);
        // A chat body is judged in place (the edge forwards it as received and reads no typed request): no message list is built.
        var error = embeddings ? EmbeddingsRequest.Read(body).Error : ChatCompletionRules.Check(body);
        // The tree over the parsed element: it is read, and changed where the gateway sets a cap, without parsing again.
        return error is null ? (new LlmRequest(JsonObject.Create(body)!, json, body.GetProperty("model"u8).GetString()!, embeddings), null) : (null, error);
    }

    private static bool Streams(JsonObject body) => body["stream"] is JsonValue v && v.TryGetValue<bool>(out var stream) && stream;

    /// <summary>Sets the output cap the budget reserved, for the provider to respect.</summary>
    public void SetOutputCap(string field, int tokens)
    {
        Body[field] = tokens;
        _changed = true;
    }

    /// <summary>
    /// Asks the provider for a stream's usage (stream_options.include_usage), so that the stream is settled with the
    /// provider's numbers rather than the gateway's count. True when the caller did not ask for it, so its usage is to be
    /// kept from the caller. (Parse has refused a stream_options that is not an object with a boolean include_usage.)
    /// </summary>
    public bool RequestStreamUsage()
    {
        if (!Stream || IsEmbeddings)
        {
            return false;
        }
        switch (Body["stream_options"])
        {
            case null when !Body.ContainsKey("stream_options"):
                // Written into the received bytes when nothing else changed: no JSON tree change nor re-serialization.
                _usageOptionAdded = true;
                return true;
            case null:
                Body["stream_options"] = new JsonObject { ["include_usage"] = true };
                break;
            case JsonObject options when options["include_usage"]?.GetValue<bool>() != true:
                options["include_usage"] = true;
                break;
            default:
                return false;
        }
        _changed = true;
        return true;
    }

    /// <summary>The body to forward: the bytes as received, or re-serialized after a change.</summary>
    public byte[] ToUtf8()
    {
        if (!_changed)
        {
            return _usageOptionAdded ? WithUsageOption(_original) : _original;
        }
        if (_usageOptionAdded)
        {
            Body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        return Encoding.UTF8.GetBytes(Body.ToJsonString());
    }

    // The body as received with stream_options as its first member (the body is a JSON object with a model in it).
    private static byte[] WithUsageOption(byte[] body)
    {
        var open = body.AsSpan().IndexOf((byte)'{') + 1;
        var forwarded = new byte[body.Length + UsageOption.Length];
        body.AsSpan(0, open).CopyTo(forwarded);
        UsageOption.CopyTo(forwarded, open);
        body.AsSpan(open).CopyTo(forwarded.AsSpan(open + UsageOption.Length));
        return forwarded;
    }

    private int? ReadInt(string field) => Body[field] is JsonValue v && v.TryGetValue<int>(out var number) ? number : null;

    private static IEnumerable<string> MessageTexts(JsonNode? message)
    {
        switch (message?["content"])
        {
            case JsonValue content:
                yield return content.ToString();
                break;
            case JsonArray parts:
                foreach (var part in parts)
                {
                    if (part?["text"] is JsonValue text)
                    {
                        yield return text.ToString();
                    }
                }
                break;
        }
        if (message?["tool_calls"] is JsonArray calls)
        {
            foreach (var call in calls)
            {
                yield return call?["function"]?["arguments"]?.ToString() ?? "";
            }
        }
    }
}
