using System.Text.Json.Nodes;
using MlOps.Gateway.Llm.Models;

namespace MlOps.Gateway.Llm.Guards;

/// <summary>Filters a whole (non-streamed) chat completion or embeddings answer: its usage, and PII and secrets in each choice's message and tool-call arguments.</summary>
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
        if (outputGuard != OutputGuards.Off)
        {
            foreach (var message in (answer["choices"] as JsonArray ?? []).Select(c => c?["message"]).OfType<JsonObject>())
            {
                redactions += Redact(message, "content", guard);
                foreach (var function in (message["tool_calls"] as JsonArray ?? []).Select(c => c?["function"]).OfType<JsonObject>())
                {
                    redactions += Redact(function, "arguments", guard);
                }
            }
        }
        return (answer, UsageReport.From(answer["usage"]), redactions, outputGuard == OutputGuards.Block && redactions > 0, redactions > 0);
    }

    // Redacts one string member (a message's content, a tool call's arguments) in place; the number of findings replaced.
    private static int Redact(JsonObject holder, string member, AnswerGuard guard)
    {
        if (holder[member] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return 0;
        }
        var findings = guard.Scan(text);
        if (findings.Count > 0)
        {
            holder[member] = AnswerGuard.Redact(text, findings);
        }
        return findings.Count;
    }
}
