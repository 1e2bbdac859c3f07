using System.ComponentModel.DataAnnotations;

namespace MlOps.FeatureStore;

/// <summary>MlOps:FeatureStore settings.</summary>
public sealed class FeatureStoreOptions
{
    public const string SectionName = "MlOps:FeatureStore";

    /// <summary>The read-only warehouse connection's name (ConnectionStrings:warehouse), as the trainer's.</summary>
    public const string WarehouseConnection = "warehouse";

    /// <summary>The Redis connection's name (ConnectionStrings:onlinestore), used when <see cref="OnlineStore"/> is "redis".</summary>
    public const string RedisConnection = "onlinestore";

    /// <summary>Where materialized features are kept and looked up: "postgres" (the service's own database) or "redis".</summary>
    [RegularExpression("^(postgres|redis)$", ErrorMessage = "OnlineStore is 'postgres' or 'redis'.")]
    public string OnlineStore { get; set; } = "postgres";

    /// <summary>Prefix of every Redis key the online store writes (one hash per tenant and view under it).</summary>
    [Required]
    public string RedisKeyPrefix { get; set; } = "mlops:fs:";

    /// <summary>Live definitions of one kind a tenant may hold.</summary>
    [Range(1, 100_000)]
    public int MaxDefinitionsPerKind { get; set; } = 1_000;

    /// <summary>Entity rows one training set may have (a bound on the set's size in the database and the build's time, not memory).</summary>
    [Range(1, 100_000_000)]
    public int MaxEntityRows { get; set; } = 2_000_000;

    /// <summary>Entity rows read, joined and written at a time while a training set is built: what memory holds.</summary>
    [Range(100, 1_000_000)]
    public int TrainingSetBatchRows { get; set; } = 10_000;

    /// <summary>Entities one online lookup may ask for.</summary>
    [Range(1, 100_000)]
    public int MaxLookupEntities { get; set; } = 1_000;

    /// <summary>How long lookups reuse a resolved feature service (zero: resolve on every lookup).</summary>
    public TimeSpan LookupDefinitionCache { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often every tenant's feature views are materialized; zero turns the schedule off.</summary>
    public TimeSpan MaterializationInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Rows read from the warehouse per batch while materializing.</summary>
    [Range(1, 1_000_000)]
    public int MaterializationBatch { get; set; } = 10_000;
}
