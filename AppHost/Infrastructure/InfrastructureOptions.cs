namespace MlOps.AppHost.Infrastructure;

/// <summary>Where and how PostgreSQL and RabbitMQ run; bound from MlOps:Infrastructure.</summary>
public sealed class InfrastructureOptions
{
    /// <summary>auto (containers when a runtime answers, else local servers), containers, or local.</summary>
    public string Mode { get; set; } = "auto";

    /// <summary>auto (images when PostgreSQL and RabbitMQ run as containers), images (mlops/&lt;service&gt;:dev), or projects (processes).</summary>
    public string Services { get; set; } = "auto";

    /// <summary>Folder for local servers' data and the generated credentials; default .mlops/data in the repository.</summary>
    public string? DataDir { get; set; }

    public int PostgresPort { get; set; } = 55432;

    public int RabbitMqPort { get; set; } = 55672;

    /// <summary>The local Redis server's port, started only when the feature store's online store is Redis.</summary>
    public int RedisPort { get; set; } = 56379;

    /// <summary>Erlang distribution port of the local RabbitMQ node; default the AMQP port + 1.</summary>
    public int? RabbitMqDistPort { get; set; }
}
