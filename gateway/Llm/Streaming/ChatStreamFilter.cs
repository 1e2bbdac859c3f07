using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.OpenAi;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// Filters a streamed chat completion event by event: redacts (or blocks) PII and secrets in the text and in tool-call
/// arguments with a hold-back window each, counts the streamed tokens, ends the stream with an error event when it
/// passes the tokens reserved for it, and keeps the released answer for the cache. Chunks are read with a forward-only
/// reader and changed values spliced in, so the common chunk is read once and copied. With <c>hideUsage</c> (usage the
/// gateway asked for, not the caller) the usage is read for settlement and left out of what the caller gets.
/// </summary>
public sealed class ChatStreamFilter(AnswerGuard guard, TokenCounter tokens, string model, int holdBack, long outputTokenLimit, string outputGuard, bool hideUsage = false)
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();
    private readonly Dictionary<(int Choice, int Call), StreamingRedactor> _redactors = [];
    private readonly StringBuilder _uncounted = new();
    private long _counted;
    private int _uncountedBytes;
    private byte[]? _template;

    public UsageReport? Usage { get; private set; }

    /// <summary>Output tokens streamed so far, counted on the provider's text (tool-call arguments included).</summary>
    public long CountedOutputTokens
    {
        get
        {
            CountPending();
            return _counted;
        }
    }

    /// <summary>Why the gateway ended the stream early (budget_exceeded or output_blocked), or null.</summary>
    public string? EndedBy { get; private set; }

    public int Redactions => _redactors.Values.Sum(r => r.Redactions);

    /// <summary>The released (redacted) answer per choice, for the cache.</summary>
    public SortedDictionary<int, StreamedChoice> Answers { get; } = [];

    /// <summary>
    /// One SSE event in (without its blank line); the events to send go to <paramref name="output"/>, each with its blank
    /// line. Returns true when the stream is over: the provider's [DONE], or the gateway's own end (blocked, over budget).
    /// </summary>
    public bool Process(ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        if (EndedBy is not null)
        {
            return true;
        }
        var data = SseData.Of(sseEvent);
        if (data is null)
        {
            SseData.WriteEvent(output, sseEvent);
            return false;
        }
        var json = data.Value.Json(sseEvent);
        if (json.Trim(" \r\n"u8).SequenceEqual(Done))
        {
            FlushAll(output);
            SseData.WriteEvent(output, sseEvent);
            return true;
        }
        // The chunk's reader and edits are rented for this call only (see ChunkScratch), not kept per stream or per thread.
        var scratch = ChunkScratch.Pool.Get();
        try
        {
            if (!scratch.Chunk.TryRead(json))
            {
                SseData.WriteEvent(output, sseEvent);
                return false;
            }
            _template ??= json.ToArray();
            ProcessChunk(scratch.Chunk, scratch.Edits, json, data.Value, sseEvent, output);
            return EndedBy is not null;
        }
        finally
        {
            ChunkScratch.Pool.Return(scratch);
        }
    }

    private void ProcessChunk(ChatChunkView chunk, ChunkEdits edits, ReadOnlySpan<byte> json, SseData data, ReadOnlySpan<byte> sseEvent, IBufferWriter<byte> output)
    {
        if (chunk.Usage is { } usage)
        {
            Usage = UsageReport.Read(json[usage.Start..usage.End]) ?? Usage;
        }
        // A chunk of usage alone goes only to a caller who asked for it; a choice chunk carrying usage loses that member.
        var keep = hideUsage ? chunk.Choices.Count == 0 && chunk.UsageMember is null : chunk.Usage is not null || chunk.Choices.Count == 0;
        if (hideUsage && chunk.UsageMember is { } member && chunk.Choices.Count > 0)
        {
            edits.RemoveMember(json, member.Start, member.End);
        }
        List<(int Choice, int Call, string Arguments)>? heldCalls = null;
        foreach (var choice in chunk.Choices)
        {
            var answer = AnswerOf(choice.Index);
            var released = "";
            if (choice.Content is { } content)
            {
                Count(content.Value);
                released = Release((choice.Index, -1), content.Value);
            }
            // A fragment whose arguments are all held back (and that names no call) need not be sent.
            var emptyFragments = 0;
            foreach (var call in choice.ToolCalls)
            {
                var toolCall = answer.ToolCall(call.Index, call.Id, call.Name);
                var releasedArguments = "";
                if (call.Arguments is { } arguments)
                {
                    Count(arguments.Value);
                    releasedArguments = Release((choice.Index, call.Index), arguments.Value);
                    toolCall.Arguments.Append(releasedArguments);
                    if (releasedArguments != arguments.Value)
                    {
                        edits.Add(arguments.Start, arguments.End, "", releasedArguments, "");
                    }
                }
                emptyFragments += call.Id is null && call.Name is null && releasedArguments.Length == 0 ? 1 : 0;
            }
            var onlyEmptyFragments = choice.ToolCalls.Count > 0 && emptyFragments == choice.ToolCalls.Count && choice.OtherDeltaFields == 1;
            if (choice.FinishReason is not null && outputGuard != OutputGuards.Off)
            {
                released += Flush((choice.Index, -1));
                // Only a finishing choice with tool calls has arguments to release: no list on the common chunk.
                if (answer.ToolCalls.Count > 0)
                {
                    HoldReleasedArguments(choice.Index, answer, heldCalls ??= []);
                }
            }
            if (outputGuard == OutputGuards.Block && _redactors.Values.Any(r => r.SawFinding))
            {
                EndedBy = "output_blocked";
                SseData.WriteData(output, ErrorEvent("The answer contained PII or a secret and this key blocks such answers.", "output_blocked"));
                SseData.WriteData(output, Done);
                return;
            }
            EditContent(edits, choice, released);
            keep |= released.Length > 0 || (choice.OtherDeltaFields > 0 && !onlyEmptyFragments) || choice.FinishReason is not null;
            answer.Text.Append(released);
            answer.Finish = choice.FinishReason ?? answer.Finish;
        }
        if (heldCalls is not null)
        {
            foreach (var (choice, call, arguments) in heldCalls)
            {
                SendReleased((choice, call), arguments, output);
            }
        }
        if (keep)
        {
            data.WriteEdited(sseEvent, json, edits, output);
        }
        if (_counted + _uncountedBytes > outputTokenLimit && CountedOutputTokens > outputTokenLimit)
        {
            EndedBy = "budget_exceeded";
            FlushAll(output);
            SseData.WriteData(output, ErrorEvent($"The answer reached the {outputTokenLimit} output tokens reserved for it from the key's budget; the stream was ended.", "budget_exceeded"));
            SseData.WriteData(output, Done);
        }
    }

    // What each of a finishing choice's tool calls still holds back, to send after the chunk. (A method of its own: a
    // lambda capturing the choice in the chunk loop would cost a closure on every chunk.)
    private void HoldReleasedArguments(int choice, StreamedChoice answer, List<(int Choice, int Call, string Arguments)> heldCalls)
    {
        foreach (var call in answer.ToolCalls.Keys)
        {
            if (Flush((choice, call)) is { Length: > 0 } arguments)
            {
                heldCalls.Add((choice, call, arguments));
            }
        }
    }

    // The delta's content becomes what can be released now: replaced in place, added when only the flush has text, or emptied.
    private static void EditContent(ChunkEdits edits, ChoiceView choice, string released)
    {
        if (choice.Content is { } content)
        {
            if (released != content.Value)
            {
                edits.Add(content.Start, content.End, "", released, "");
            }
        }
        else if (released.Length > 0 && choice.DeltaStart >= 0)
        {
            if (choice.ContentProperty is { } property)
            {
                edits.Add(property.Start, property.End, "\"content\":", released, "");
            }
            else
            {
                edits.Add(choice.DeltaStart + 1, choice.DeltaStart + 1, "\"content\":", released, choice.OtherDeltaFields > 0 ? "," : "");
            }
        }
    }

    private string Release((int Choice, int Call) stream, string text) => outputGuard == OutputGuards.Off ? text : RedactorOf(stream).Push(text);

    private string Flush((int Choice, int Call) stream) => _redactors.TryGetValue(stream, out var redactor) ? redactor.Flush() : "";

    // Tokens are counted on the text gathered since the last count, only when the budget could be reached (a token is at
    // least one UTF-8 byte) or at the end: one tokenizer pass per answer instead of one per chunk.
    private void Count(string text)
    {
        _uncounted.Append(text);
        _uncountedBytes += Encoding.UTF8.GetByteCount(text);
    }

    private void CountPending()
    {
        if (_uncounted.Length > 0)
        {
            _counted += tokens.Count(model, _uncounted.ToString());
            _uncounted.Clear();
            _uncountedBytes = 0;
        }
    }

    private StreamingRedactor RedactorOf((int Choice, int Call) stream)
    {
        if (!_redactors.TryGetValue(stream, out var redactor))
        {
            _redactors[stream] = redactor = new StreamingRedactor(guard, holdBack);
        }
        return redactor;
    }

    private StreamedChoice AnswerOf(int index) => Answers.TryGetValue(index, out var answer) ? answer : Answers[index] = new StreamedChoice();

    // What is still held when the stream ends without a finish chunk per choice.
    private void FlushAll(IBufferWriter<byte> output)
    {
        foreach (var (stream, redactor) in _redactors)
        {
            var rest = redactor.Flush();
            if (rest.Length > 0 && _template is not null)
            {
                SendReleased(stream, rest, output);
            }
        }
    }

    // Text or arguments released at the end, sent as a chunk of their own and kept for the cache.
    private void SendReleased((int Choice, int Call) stream, string rest, IBufferWriter<byte> output)
    {
        var answer = AnswerOf(stream.Choice);
        var delta = new JsonObject();
        if (stream.Call < 0)
        {
            answer.Text.Append(rest);
            delta["content"] = rest;
        }
        else
        {
            answer.ToolCalls[stream.Call].Arguments.Append(rest);
            delta["tool_calls"] = new JsonArray(new JsonObject { ["index"] = stream.Call, ["function"] = new JsonObject { ["arguments"] = rest } });
        }
        SseData.WriteData(output, ExtraChunk(stream.Choice, delta));
    }

    // A chunk the gateway adds (text or arguments released at the end), with the stream's id, created and model.
    private byte[] ExtraChunk(int choice, JsonObject delta)
    {
        var template = _template is null ? null : JsonNode.Parse(_template);
        return Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = template?["id"]?.DeepClone(), ["object"] = "chat.completion.chunk", ["created"] = template?["created"]?.DeepClone(),
            ["model"] = template?["model"]?.DeepClone(),
            ["choices"] = new JsonArray(new JsonObject { ["index"] = choice, ["delta"] = delta, ["finish_reason"] = null }),
        }.ToJsonString(LlmJson.Options));
    }

    private static byte[] ErrorEvent(string message, string code) =>
        Encoding.UTF8.GetBytes(new OpenAiError(429, message, code == "budget_exceeded" ? "insufficient_quota" : "guardrail_violation", code).ToJson());
}
