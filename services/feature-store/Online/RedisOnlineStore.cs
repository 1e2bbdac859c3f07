using Microsoft.Extensions.Options;
using MlOps.FeatureStore.Definitions;
using Npgsql;
using StackExchange.Redis;

namespace MlOps.FeatureStore.Online;

/// <summary>
/// The online store in Redis: one hash per tenant and view (field: the entity key, value: <see cref="RedisOnlineValue"/>), read
/// with one HMGET per view, pipelined, so a lookup is one round trip. A run stages its values in a hash of its own and a
/// script makes them visible at once (<see cref="RedisOnlineWriter"/>); beside each view a mark records the version and
/// watermark it holds, so a Redis that lost its data is materialized in full again rather than trusted.
/// </summary>
public sealed class RedisOnlineStore(IConnectionMultiplexer redis, IOptions<FeatureStoreOptions> options) : IOnlineStore
{
    public async Task<StoredFeatures?[]> ReadAsync(string tenant, IReadOnlyList<ResolvedView> views, string[] keys, CancellationToken cancellationToken)
    {
        if (keys.Length == 0)
        {
            return [];
        }
        var database = redis.GetDatabase();
        var entities = keys.Length / views.Count;
        var pending = new Task<RedisValue[]>[views.Count];
        for (var v = 0; v < views.Count; v++)
        {
            var fields = new RedisValue[entities];
            for (var n = 0; n < entities; n++)
            {
                fields[n] = keys[n * views.Count + v];
            }
            pending[v] = database.HashGetAsync(Live(tenant, views[v].Name), fields);
        }
        await Task.WhenAll(pending).WaitAsync(cancellationToken);
        var found = new StoredFeatures?[keys.Length];
        for (var v = 0; v < views.Count; v++)
        {
            var values = pending[v].Result;
            for (var n = 0; n < entities; n++)
            {
                found[n * views.Count + v] = values[n].IsNull ? null : RedisOnlineValue.Decode((ReadOnlyMemory<byte>)values[n]);
            }
        }
        return found;
    }

    public async Task<bool> HoldsAsync(string tenant, string view, int version, DateTime? watermark, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringGetAsync(Live(tenant, view) + "#mark").WaitAsync(cancellationToken) == RedisOnlineValue.Mark(version, watermark);

    public Task<IOnlineWriter> BeginAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, ResolvedView view, bool full,
        DateTime now, CancellationToken cancellationToken) =>
        Task.FromResult<IOnlineWriter>(new RedisOnlineWriter(redis.GetDatabase(), Live(tenant, view.Name), full, now));

    // Braces make a cluster hash tag: a view's hash, its staging hash and its mark share a slot, as the merge script needs. A view
    // name has neither '/' nor '#', so no two tenants' or views' keys can meet.
    private string Live(string tenant, string view) => $"{options.Value.RedisKeyPrefix}{{{tenant}/{view}}}";
}
