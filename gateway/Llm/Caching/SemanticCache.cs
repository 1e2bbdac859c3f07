using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Models;

namespace MlOps.Gateway.Llm.Caching;

/// <summary>
/// Opt-in semantic cache: the last user message's MiniLM embedding, within one tenant, output guard and conversation
/// context (model, parameters and every earlier message, hashed exactly), matched at a cosine of at least
/// <see cref="LlmOptions.SemanticThreshold"/> and only between questions with the same <see cref="QuestionTerms"/>.
/// It points at entries of the exact cache, which keeps the answers and their lifetimes. At most
/// <see cref="LlmOptions.SemanticCacheEntries"/> questions over all contexts, the oldest leaving first.
/// </summary>
public sealed class SemanticCache(ResponseCache exact, MiniLmModel miniLm, IOptions<LlmOptions> options)
{
    private const int EntriesPerContext = 1000;
    private readonly ConcurrentDictionary<ResponseCache.Key, List<Entry>> _contexts = new();
    // Every question stored, oldest first: the bound over all contexts (an entry already gone is skipped when it leaves).
    private readonly Queue<(ResponseCache.Key Context, Entry Entry)> _order = new();

    private sealed record Entry(float[] Embedding, QuestionTerms Terms, ResponseCache.Key ExactKey);

    /// <summary>A question ready to look up or store: its context, embedding and terms.</summary>
    public sealed record Question(ResponseCache.Key Context, float[] Embedding, QuestionTerms Terms);

    /// <summary>Questions held now, over all contexts.</summary>
    public int Count => _contexts.Values.Sum(entries => { lock (entries) { return entries.Count; } });

    public Question Prepare(string tenant, string outputGuard, LlmRequest request)
    {
        // The context is the request with the last user message blanked out: everything else must match exactly.
        var context = (JsonObject)request.Body.DeepClone();
        if (LlmRequest.LastUserMessage(context) is { } last)
        {
            last["content"] = "";
        }
        var question = request.LastUserText();
        return Of(ResponseCache.KeyOf(tenant, outputGuard, context), miniLm.Head.EmbedWhole(question), question);
    }

    /// <summary>A question from its parts (the context's key, the question's embedding and text).</summary>
    public static Question Of(ResponseCache.Key context, float[] embedding, string question) => new(context, embedding, QuestionTerms.Of(question));

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
        var max = options.Value.SemanticCacheEntries;
        if (max == 0)
        {
            return;
        }
        var stored = new Entry(question.Embedding, question.Terms, exactKey);
        lock (_order)
        {
            var entries = _contexts.GetOrAdd(question.Context, _ => []);
            lock (entries)
            {
                // Entries whose answers expired from the exact cache go first, then the context's oldest.
                entries.RemoveAll(e => exact.Find(e.ExactKey) is null);
                if (entries.Count >= EntriesPerContext)
                {
                    entries.RemoveAt(0);
                }
                entries.Add(stored);
            }
            _order.Enqueue((question.Context, stored));
            while (_order.Count > max)
            {
                var (context, oldest) = _order.Dequeue();
                if (_contexts.TryGetValue(context, out var list))
                {
                    lock (list)
                    {
                        list.Remove(oldest);
                        if (list.Count == 0)
                        {
                            _contexts.TryRemove(context, out _);
                        }
                    }
                }
            }
        }
    }
}
