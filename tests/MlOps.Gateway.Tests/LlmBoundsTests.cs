using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Models;
using MlOps.Gateway.Llm.Quotas;
using MlOps.ServiceDefaults.Llm;

namespace MlOps.Gateway.Tests;

/// <summary>The LLM path's in-memory caches and metric tags stay within the bounds LlmOptions states.</summary>
public sealed class LlmBoundsTests
{
    private static ResponseCache.Key KeyOf(string question) =>
        ResponseCache.KeyOf("t", OutputGuards.Redact, JsonNode.Parse($$"""{"model":"m","messages":[{"role":"user","content":"{{question}}"}]}""")!.AsObject());

    private static ResponseCache.Entry Answer(int bytes, char fill = 'a') => ResponseCache.Entry.Of(Encoding.UTF8.GetBytes(new string(fill, bytes)), null);

    [Fact]
    public void ResponseCache_BoundedInBytes_TheOldestLeaveFirst_NoneLargerThanTheBound()
    {
        const int entry = 1000 + ResponseCache.EntryOverheadBytes;
        var cache = new ResponseCache(Options.Create(new LlmOptions { CacheEntries = 100, CacheBytes = 3 * entry }), TimeProvider.System);
        var keys = Enumerable.Range(0, 4).Select(i => KeyOf($"q{i}")).ToArray();

        foreach (var key in keys)
        {
            cache.Store(key, Answer(1000), TimeSpan.FromMinutes(1));
        }
        cache.Store(KeyOf("huge"), Answer(3 * entry), TimeSpan.FromMinutes(1));

        Assert.Null(cache.Find(keys[0]));
        Assert.All(keys[1..], key => Assert.NotNull(cache.Find(key)));
        Assert.Null(cache.Find(KeyOf("huge")));
        Assert.Equal((3, 3L * entry), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void ResponseCache_StoredAgain_CountedOnce()
    {
        var cache = new ResponseCache(Options.Create(new LlmOptions { CacheEntries = 2, CacheBytes = 1 << 20 }), TimeProvider.System);

        cache.Store(KeyOf("q"), Answer(100), TimeSpan.FromMinutes(1));
        cache.Store(KeyOf("q"), Answer(300, 'b'), TimeSpan.FromMinutes(1));
        cache.Store(KeyOf("r"), Answer(100), TimeSpan.FromMinutes(1));

        Assert.Equal((2, 400L + 2 * ResponseCache.EntryOverheadBytes), (cache.Count, cache.Bytes));
        Assert.Equal(new string('b', 300), Encoding.UTF8.GetString(cache.Find(KeyOf("q"))!.Value.Completion));
    }

    [Fact]
    public void SemanticCache_BoundedOverAllContexts_TheOldestQuestionsLeaveFirst()
    {
        var options = Options.Create(new LlmOptions { SemanticCacheEntries = 2 });
        var exact = new ResponseCache(options, TimeProvider.System);
        using var miniLm = new MiniLmModel();
        var semantic = new SemanticCache(exact, miniLm, options);
        // Each in a context of its own (another conversation), as every new conversation is.
        var questions = Enumerable.Range(0, 3).Select(i => SemanticCache.Of(KeyOf($"context {i}"), [1f, 0f, 0f], "How do I reset my password?")).ToArray();

        foreach (var (question, i) in questions.Select((q, i) => (q, i)))
        {
            exact.Store(KeyOf($"answer {i}"), Answer(10), TimeSpan.FromMinutes(1));
            semantic.Store(question, KeyOf($"answer {i}"));
        }

        Assert.Null(semantic.Find(questions[0]));
        Assert.All(questions[1..], question => Assert.Equal(1.0, semantic.Find(question)!.Value.Similarity, 6));
        Assert.Equal(2, semantic.Count);
    }

    [Fact]
    public void LlmMetrics_ModelTags_PricedNamesThenTheFirstFewThenOther()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Options.Create(new LlmOptions { MetricModelNames = 2, Prices = { ["dev-chat"] = new ModelPrice() } });
        var metrics = new LlmMetrics(services.GetRequiredService<IMeterFactory>(), options);
        var tagged = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LlmMetrics.MeterName && instrument.Name == "mlops.llm.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "model")
                {
                    tagged.Add((string)tag.Value!);
                }
            }
        });
        listener.Start();

        foreach (var model in new[] { "a", "b", "c", "dev-chat", "d", "a" })
        {
            metrics.Record(new LlmUsage(Guid.NewGuid(), Guid.NewGuid(), "t", null, model, 1, 1, 0, 0, "MISS", 1, "ok", false), 0);
        }

        Assert.Equal(["a", "b", "other", "dev-chat", "other", "a"], tagged);
    }

    [Fact]
    public void LlmOptions_LeaseTtlShorterThanThreeFlushes_Invalid()
    {
        var options = new LlmOptions { FlushInterval = TimeSpan.FromSeconds(1), LeaseTtl = TimeSpan.FromSeconds(2) };

        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Equal("LeaseTtl must be at least three FlushIntervals.", Assert.Single(results).ErrorMessage);
    }
}
