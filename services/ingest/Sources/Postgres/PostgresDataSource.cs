using Npgsql;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>
/// Connections to a user's PostgreSQL that carry none of the ingest host's credentials. The password is always set ("" when
/// none was given), so Npgsql never reads PGPASSWORD or ~/.pgpass. Npgsql 10 has no switch for its client-certificate
/// fallback (PGSSLCERT/PGSSLKEY, ~/.postgresql/postgresql.{crt,key}) and an empty SSL Certificate fails every TLS
/// handshake, so the TLS options callback removes whatever certificate it loaded before the handshake presents it.
/// </summary>
public static class PostgresDataSource
{
    /// <summary>A data source for one read (the connection string has Pooling=false); dispose it with its connection.</summary>
    public static NpgsqlDataSource Create(NpgsqlConnectionStringBuilder target)
    {
        var builder = new NpgsqlDataSourceBuilder(target.ConnectionString);
        builder.UseSslClientAuthenticationOptionsCallback(static options =>
        {
            options.ClientCertificates = [];
            options.LocalCertificateSelectionCallback = null;
        });
        var dataSource = builder.Build();
        // "Password=" does not survive the connection string (Npgsql reads it as no password), so it is set here.
        dataSource.Password = target.Password ?? "";
        return dataSource;
    }
}
