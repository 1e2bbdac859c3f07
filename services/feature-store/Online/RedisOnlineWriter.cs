using StackExchange.Redis;

namespace MlOps.FeatureStore.Online;

/// <summary>
/// Stages a run's values in a hash of its own (expiring, so a crashed run leaves nothing for long), then one script swaps it in
/// for a full run (RENAME) or merges it into the live hash (a newer event time wins) and records the mark. A script runs
/// atomically: lookups see the view before the run or after it, never half of it, and a failed run leaves the last complete state.
/// </summary>
public sealed class RedisOnlineWriter(IDatabase database, string live, bool full, DateTime now) : IOnlineWriter
{
    private const int Batch = 1_000;

    // Staging that outlives its run (a crash) expires; every batch pushes the expiry out again.
    private static readonly TimeSpan StagingLifetime = TimeSpan.FromHours(1);

    private const string Swap = """
        local written = 0
        if ARGV[1] == '1' then
          written = redis.call('HLEN', KEYS[2])
          if written == 0 then
            redis.call('DEL', KEYS[1])
          else
            redis.call('RENAME', KEYS[2], KEYS[1])
            redis.call('PERSIST', KEYS[1])
          end
        else
          local cursor = '0'
          repeat
            local page = redis.call('HSCAN', KEYS[2], cursor, 'COUNT', 1000)
            cursor = page[1]
            local kv = page[2]
            for i = 1, #kv, 2 do
              local old = redis.call('HGET', KEYS[1], kv[i])
              if not old or (old ~= kv[i + 1] and string.sub(old, 1, 19) <= string.sub(kv[i + 1], 1, 19)) then
                redis.call('HSET', KEYS[1], kv[i], kv[i + 1])
                written = written + 1
              end
            end
          until cursor == '0'
          redis.call('DEL', KEYS[2])
        end
        redis.call('SET', KEYS[3], ARGV[2])
        return written
        """;

    private readonly string _staging = $"{live}#staging:{Guid.NewGuid():N}";
    private readonly List<HashEntry> _pending = new(Batch);
    private bool _completed;

    public async ValueTask WriteAsync(string entityKey, string features, DateTime eventTime, CancellationToken cancellationToken)
    {
        _pending.Add(new HashEntry(entityKey, RedisOnlineValue.Encode(features, eventTime, now)));
        if (_pending.Count >= Batch)
        {
            await FlushAsync(cancellationToken);
        }
    }

    public async Task<long> CompleteAsync(int version, DateTime? watermark, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var written = await database.ScriptEvaluateAsync(Swap, [live, _staging, live + "#mark"],
            [full ? "1" : "0", RedisOnlineValue.Mark(version, watermark)]).WaitAsync(cancellationToken);
        _completed = true;
        return (long)written;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            await database.KeyDeleteAsync(_staging, CommandFlags.FireAndForget);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var set = database.HashSetAsync(_staging, [.. _pending]);
        var expire = database.KeyExpireAsync(_staging, StagingLifetime);
        _pending.Clear();
        await Task.WhenAll(set, expire).WaitAsync(cancellationToken);
    }
}
