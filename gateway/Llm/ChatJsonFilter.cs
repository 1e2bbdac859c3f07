using System.Text.Json.Nodes;

namespace MlOps.Gateway.Llm;

/// <summary>Filters a whole (non-streamed) chat completion or embeddings answer: its usage, and PII and secrets in each choice's message.</summary>
public static class ChatJsonFilter
{
    /// <summary>The parsed answer (null: not JSON), its usage, redactions made, whether the key's block action applies, and whether it changed.</summary>
    public static (JsonObject? Answer, UsageReport? Usage, int Redactions, bool Blocked, bool Changed) Process(ReadOnlySpan<byte> body, AnswerGuard guard, string outputGuard)
    {
        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, null, 0, false, false);
        }
        if (answer is null)
        {
            return (null, null, 0, false, false);
        }
        var redactions = 0;
        var changed = false;
        if (outputGuard != OutputGuards.Off)
        {
            foreach (var message in (answer["choices"] as JsonArray ?? []).Select(c => c?["message"]).OfType<JsonObject>())
            {
                if (message["content"] is JsonValue content && content.TryGetValue<string>(out var text))
                {
                    var findings = guard.Scan(text);
                    if (findings.Count > 0)
                    {
                        redactions += findings.Count;
                        message["content"] = AnswerGuard.Redact(text, findings);
                        changed = true;
                    }
                }
            }
        }
        return (answer, UsageReport.From(answer["usage"]), redactions, outputGuard == OutputGuards.Block && redactions > 0, changed);
    }
}
