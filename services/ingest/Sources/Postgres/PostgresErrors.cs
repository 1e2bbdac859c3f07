using System.Net.Sockets;
using Npgsql;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>A PostgreSQL failure as a <see cref="SourceException"/> naming the problem, never the password.</summary>
public static class PostgresErrors
{
    public static SourceException Describe(Exception error, NpgsqlConnectionStringBuilder target, string relation)
    {
        var at = $"{target.Host}:{target.Port}";
        return error switch
        {
            PostgresException { SqlState: "28P01" or "28000" } =>
                new SourceException($"PostgreSQL at {at} refused user {target.Username}: authentication failed"),
            PostgresException { SqlState: "3D000" } => new SourceException($"PostgreSQL at {at}: database {target.Database} does not exist"),
            PostgresException { SqlState: "42P01" } p => new SourceException($"{relation}: {p.MessageText}"),
            PostgresException { SqlState: "42703" or "42601" or "42501" or "42883" } p => new SourceException($"{relation}: {p.MessageText}"),
            PostgresException p => new SourceException($"{relation}: PostgreSQL error {p.SqlState}: {p.MessageText}"),
            NpgsqlException { InnerException: SocketException or TimeoutException or IOException } n =>
                new SourceException($"PostgreSQL at {at} cannot be reached ({n.InnerException!.Message})"),
            TimeoutException => new SourceException($"PostgreSQL at {at} cannot be reached (timeout)"),
            _ => new SourceException($"{relation}: {error.Message}"),
        };
    }
}
