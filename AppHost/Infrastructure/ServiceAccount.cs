namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// A service's own PostgreSQL role, which owns only the service's database, and its own RabbitMQ user; each password is made
/// once and kept in the data folder (mode 600), so one leaked credential is revoked alone.
/// </summary>
public sealed record ServiceAccount(string Service, string Database, string PostgresPassword, string RabbitMqPassword)
{
    /// <summary>The PostgreSQL role: the service's name as a plain identifier (guardrail-gateway → guardrail_gateway).</summary>
    public string Role => Service.Replace('-', '_');

    /// <summary>The RabbitMQ user: the service's name.</summary>
    public string RabbitMqUser => Service;

    public static ServiceAccount LoadOrCreate(string dataDir, string service, string database) => new(
        service,
        database,
        LocalCredentials.AccountPassword(dataDir, service, "postgres"),
        LocalCredentials.AccountPassword(dataDir, service, "rabbitmq"));
}
