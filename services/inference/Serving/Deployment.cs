using System.Collections.Concurrent;

namespace MlOps.Inference.Serving;

/// <summary>What is served for one model: its champion, an optional challenger, the traffic split and each alias's load state.</summary>
public sealed class Deployment(ModelKey key)
{
    public const string Champion = "champion";
    public const string Challenger = "challenger";

    private ServedModel? _champion;
    private ServedModel? _challenger;
    private Canary.StepCounters? _canary;

    public ModelKey Key { get; } = key;

    public TrafficSplit Traffic { get; set; } = TrafficSplit.ChampionOnly;

    public ConcurrentDictionary<string, AliasState> States { get; } = new();

    public ShadowStats Shadow { get; } = new();

    /// <summary>The live counters of the running rollout's current step; null (one read on the request path) when none runs.</summary>
    public Canary.StepCounters? Canary
    {
        get => Volatile.Read(ref _canary);
        set => Volatile.Write(ref _canary, value);
    }

    public ServedModel? Get(string alias) => alias == Champion ? Volatile.Read(ref _champion) : Volatile.Read(ref _challenger);

    /// <summary>Switches an alias to a new version atomically; the old one drains its in-flight requests, then is disposed.</summary>
    public void Swap(string alias, ServedModel? next)
    {
        var old = alias == Champion ? Interlocked.Exchange(ref _champion, next) : Interlocked.Exchange(ref _challenger, next);
        old?.Retire();
    }

    /// <summary>A lease on the version that should answer: the challenger for the canary share, else the champion.</summary>
    public ServedModel? Acquire(int? version)
    {
        // A swap may retire the model between reading the slot and leasing it: read again.
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var model = version is { } wanted ? ByVersion(wanted) : Route();
            if (model is null || model.TryAcquire())
            {
                return model;
            }
        }
        return null;
    }

    public bool IsReady => Volatile.Read(ref _champion) is not null;

    private ServedModel? Route()
    {
        var champion = Volatile.Read(ref _champion);
        var challenger = Volatile.Read(ref _challenger);
        var canary = Traffic.CanaryPercent;
        return champion is not null && challenger is not null && canary > 0 && Random.Shared.NextDouble() * 100 < canary ? challenger : champion;
    }

    private ServedModel? ByVersion(int version)
    {
        var champion = Volatile.Read(ref _champion);
        if (champion?.Version == version)
        {
            return champion;
        }
        var challenger = Volatile.Read(ref _challenger);
        return challenger?.Version == version ? challenger : null;
    }
}
