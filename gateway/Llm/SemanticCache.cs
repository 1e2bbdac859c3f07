using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace MlOps.Gateway.Llm;

/// <summary>
/// Opt-in semantic cache: the last user message's MiniLM embedding, within one tenant and one conversation context
/// (model, parameters and every earlier message, hashed exactly), matched at a cosine of at least
/// <see cref="LlmOptions.SemanticThreshold"/> and only between questions with the same <see cref="QuestionTerms"/>.
/// It points at entries of the exact cache, which keeps the answers and their lifetimes.
/// </summary>
public sealed class SemanticCache(ResponseCache exact, MiniLmModel miniLm, IOptions<LlmOptions> options)
{
    private const int EntriesPerContext = 1000;
    private readonly ConcurrentDictionary<ResponseCache.Key, List<Entry>> _contexts = new();
    // Every new conversation is a new context: the oldest contexts leave once there are as many as cached answers.
    private readonly FifoRing<ResponseCache.Key> _contextOrder = new(options.Value.CacheEntries);

    private sealed record Entry(float[] Embedding, QuestionTerms Terms, ResponseCache.Key ExactKey);

    /// <summary>A question ready to look up or store: its context, embedding and terms.</summary>
    public sealed record Question(ResponseCache.Key Context, float[] Embedding, QuestionTerms Terms);

    public Question Prepare(string tenant, LlmRequest request)
    {
        // The context is the request with the last user message blanked out: everything else must match exactly.
        var context = (JsonObject)request.Body.DeepClone();
        if (LlmRequest.LastUserMessage(context) is { } last)
        {
            last["content"] = "";
        }
        var question = request.LastUserText();
        return new Question(ResponseCache.KeyOf(tenant, context), miniLm.Head.EmbedWhole(question), QuestionTerms.Of(question));
    }

    /// <summary>The cached answer of the closest earlier question, with its similarity, or null.</summary>
    public (ResponseCache.Entry Entry, double Similarity)? Find(Question question)
    {
        if (!_contexts.TryGetValue(question.Context, out var entries))
        {
            return null;
        }
        (ResponseCache.Entry, double)? best = null;
        lock (entries)
        {
            foreach (var entry in entries.Where(e => e.Terms == question.Terms))
            {
                var similarity = Guardrails.Vectors.Cosine(entry.Embedding, question.Embedding);
                if (similarity >= options.Value.SemanticThreshold && similarity > (best?.Item2 ?? 0) && exact.Find(entry.ExactKey) is { } answer)
                {
                    best = (answer, similarity);
                }
            }
        }
        return best;
    }

    public void Store(Question question, ResponseCache.Key exactKey)
    {
        var added = false;
        var entries = _contexts.GetOrAdd(question.Context, _ => { added = true; return []; });
        if (added && _contextOrder.Push(question.Context) is { } oldest)
        {
            _contexts.TryRemove(oldest, out _);
        }
        lock (entries)
        {
            // Entries whose answers expired from the exact cache go first, then the oldest.
            entries.RemoveAll(e => exact.Find(e.ExactKey) is null);
            if (entries.Count >= EntriesPerContext)
            {
                entries.RemoveAt(0);
            }
            entries.Add(new Entry(question.Embedding, question.Terms, exactKey));
        }
    }
}
