using Npgsql;

namespace MlOps.TestSupport;

/// <summary>The real PostgreSQL and RabbitMQ servers that scripts/test.sh starts for the tests.</summary>
public static class TestInfrastructure
{
    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests with scripts/test.sh, which starts PostgreSQL and RabbitMQ for them.");

    /// <summary>A connection string for a database of this test run; the service creates it at start.</summary>
    public static string Postgres(string database) => $"{Required("MLOPS_TEST_POSTGRES")};Database={database}";

    /// <summary>A fresh database name, so runs and fixtures never see each other's rows.</summary>
    public static string UniqueDatabase(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];

    /// <summary>The broker's address in one of the virtual hosts scripts/test.sh creates (functional, messaging, gateway, inference, inference-side, trainer, drift, drift-compare, guardrails).</summary>
    public static Uri RabbitMq(string virtualHost) => new($"{Required("MLOPS_TEST_RABBITMQ")}/{virtualHost}");

    /// <summary>The S3-compatible server (s3rver) scripts/test.sh starts, with the bucket mlops-test.</summary>
    public static string S3() => Required("MLOPS_TEST_S3");

    /// <summary>The Redis server scripts/test.sh starts (a StackExchange.Redis configuration string: host:port,password=...).</summary>
    public static string Redis() => Required("MLOPS_TEST_REDIS");

    /// <summary>Drops a test database, closing whatever connections a stopped service left.</summary>
    public static async Task DropDatabaseAsync(string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(Postgres("postgres")) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
