using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.Gateway.Llm;

/// <summary>
/// Filters a streamed chat completion event by event: redacts (or blocks) PII and secrets with a hold-back window per
/// choice, counts the streamed tokens, ends the stream with an error event when it passes the tokens reserved for it,
/// and keeps the released answer for the cache.
/// </summary>
public sealed class ChatStreamFilter(AnswerGuard guard, TokenCounter tokens, string model, int holdBack, long outputTokenLimit, string outputGuard)
{
    private readonly Dictionary<int, StreamingRedactor> _redactors = [];
    private JsonObject? _template;

    public UsageReport? Usage { get; private set; }
    public long CountedOutputTokens { get; private set; }

    /// <summary>Why the gateway ended the stream early (budget_exceeded or output_blocked), or null.</summary>
    public string? EndedBy { get; private set; }

    public int Redactions => _redactors.Values.Sum(r => r.Redactions);

    /// <summary>The released (redacted) answer per choice and its finish reason, for the cache.</summary>
    public SortedDictionary<int, (StringBuilder Text, string? Finish)> Answers { get; } = [];

    /// <summary>One SSE event in (without its blank line), the events to send on out.</summary>
    public IEnumerable<string> Process(string sseEvent)
    {
        if (EndedBy is not null)
        {
            return [];
        }
        var data = DataOf(sseEvent);
        if (data is null)
        {
            return [sseEvent];
        }
        if (data.Trim() == "[DONE]")
        {
            return [.. FlushAll(), sseEvent];
        }
        JsonObject? chunk;
        try
        {
            chunk = JsonNode.Parse(data) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return [sseEvent];
        }
        return chunk is null ? [sseEvent] : ProcessChunk(chunk);
    }

    private List<string> ProcessChunk(JsonObject chunk)
    {
        _template ??= chunk;
        Usage = UsageReport.From(chunk["usage"]) ?? Usage;
        var keep = chunk["usage"] is JsonObject || chunk["choices"] is not JsonArray { Count: > 0 };
        foreach (var choice in (chunk["choices"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var index = choice["index"] is JsonValue i && i.TryGetValue<int>(out var n) ? n : 0;
            var redactor = RedactorOf(index);
            var finish = choice["finish_reason"] is JsonValue f ? f.ToString() : null;
            var released = "";
            if (choice["delta"]?["content"] is JsonValue content && content.TryGetValue<string>(out var text))
            {
                CountedOutputTokens += tokens.Count(model, text);
                released = outputGuard == OutputGuards.Off ? text : redactor.Push(text);
            }
            if (finish is not null && outputGuard != OutputGuards.Off)
            {
                released += redactor.Flush();
            }
            if (outputGuard == OutputGuards.Block && redactor.SawFinding)
            {
                EndedBy = "output_blocked";
                return [ErrorEvent("The answer contained PII or a secret and this key blocks such answers.", "output_blocked"), "data: [DONE]"];
            }
            if (choice["delta"] is JsonObject delta)
            {
                if (delta.ContainsKey("content") || released.Length > 0)
                {
                    delta["content"] = released;
                }
                keep |= released.Length > 0 || delta.Count > 1 || (delta.Count == 1 && !delta.ContainsKey("content"));
            }
            keep |= finish is not null;
            var answer = Answers.TryGetValue(index, out var a) ? a : (new StringBuilder(), null);
            answer.Text.Append(released);
            Answers[index] = (answer.Text, finish ?? answer.Finish);
        }
        var events = keep ? new List<string> { "data: " + chunk.ToJsonString(LlmJson.Options) } : [];
        if (CountedOutputTokens > outputTokenLimit)
        {
            EndedBy = "budget_exceeded";
            events.AddRange(FlushAll());
            events.Add(ErrorEvent($"The answer reached the {outputTokenLimit} output tokens reserved for it from the key's budget; the stream was ended.", "budget_exceeded"));
            events.Add("data: [DONE]");
        }
        return events;
    }

    private StreamingRedactor RedactorOf(int index)
    {
        if (!_redactors.TryGetValue(index, out var redactor))
        {
            _redactors[index] = redactor = new StreamingRedactor(guard, holdBack);
        }
        return redactor;
    }

    // What is still held when the stream ends without a finish chunk per choice.
    private IEnumerable<string> FlushAll()
    {
        foreach (var (index, redactor) in _redactors)
        {
            var rest = redactor.Flush();
            if (rest.Length == 0 || _template is null)
            {
                continue;
            }
            Answers[index].Text.Append(rest);
            var chunk = new JsonObject
            {
                ["id"] = _template["id"]?.DeepClone(), ["object"] = "chat.completion.chunk", ["created"] = _template["created"]?.DeepClone(),
                ["model"] = _template["model"]?.DeepClone(),
                ["choices"] = new JsonArray(new JsonObject { ["index"] = index, ["delta"] = new JsonObject { ["content"] = rest }, ["finish_reason"] = null }),
            };
            yield return "data: " + chunk.ToJsonString(LlmJson.Options);
        }
    }

    private static string ErrorEvent(string message, string code) =>
        "data: " + new OpenAiError(429, message, code == "budget_exceeded" ? "insufficient_quota" : "guardrail_violation", code).ToJson();

    private static string? DataOf(string sseEvent)
    {
        var lines = sseEvent.Split('\n');
        var data = lines.Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart(' ')).ToList();
        return data.Count == 0 ? null : string.Join('\n', data);
    }
}
