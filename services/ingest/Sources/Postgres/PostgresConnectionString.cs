using Npgsql;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>
/// A user's connection string rebuilt from an allow-list: one TCP host, port, database, username, password, SSL mode and
/// bounded timeouts; no pooling (a pool per user string would never be removed), and only password authentication.
/// </summary>
public static class PostgresConnectionString
{
    public const int MaxTimeout = 60;
    public const int MaxCommandTimeout = 600;
    public const int DefaultCommandTimeout = 300;

    // Keys as Npgsql names them once its aliases are resolved (Server → Host, User Id → Username).
    private static readonly HashSet<string> Allowed =
        new(["Host", "Port", "Database", "Username", "Password", "SSL Mode", "Timeout", "Command Timeout"], StringComparer.OrdinalIgnoreCase);

    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        NpgsqlConnectionStringBuilder given;
        try
        {
            given = new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException)
        {
            // The message could quote the string, password included.
            throw Invalid("is not a valid PostgreSQL connection string");
        }
        if (given.Keys.FirstOrDefault(key => !Allowed.Contains(key)) is { } refused)
        {
            throw Invalid($"'{refused}' is not allowed");
        }
        if (string.IsNullOrEmpty(given.Host) || given.Host.Contains(',') || given.Host.StartsWith('/') || given.Host.StartsWith('@'))
        {
            throw Invalid("needs exactly one TCP host");
        }
        // Npgsql would otherwise log in as PGUSER or the ingest host's OS user.
        if (string.IsNullOrEmpty(given.Username))
        {
            throw Invalid("needs a Username");
        }
        if (given.Timeout is < 1 or > MaxTimeout)
        {
            throw Invalid($"'Timeout' must be 1 to {MaxTimeout} seconds");
        }
        var commandTimeout = given.Keys.Contains("Command Timeout") ? given.CommandTimeout : DefaultCommandTimeout;
        if (commandTimeout is < 1 or > MaxCommandTimeout)
        {
            throw Invalid($"'Command Timeout' must be 1 to {MaxCommandTimeout} seconds");
        }
        return new NpgsqlConnectionStringBuilder
        {
            Host = given.Host,
            Port = given.Port,
            Database = given.Database,
            Username = given.Username,
            Password = given.Password,
            SslMode = given.SslMode,
            Timeout = given.Timeout,
            CommandTimeout = commandTimeout,
            Pooling = false,
            // Not GSS/SSPI: those would present the ingest host's Kerberos credentials; set here, PGREQUIREAUTH is not read.
            RequireAuth = "ScramSHA256,MD5,Password",
        };
    }

    private static SourceConfigException Invalid(string message) => new("connection_string", message);
}
