using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Sources.Postgres;
using MlOps.ServiceDefaults.Outbound;
using Npgsql;

namespace MlOps.Ingest.Tests.Postgres;

/// <summary>What a hostile configuration cannot do against a real server: run a second statement, borrow the host's password.</summary>
public sealed class PostgresSourceHardeningTests(PostgresSourceFixture db) : IClassFixture<PostgresSourceFixture>
{
    [Fact]
    public async Task Query_SemicolonInLiteralAndTrailingComment_Read()
    {
        var source = await db.CreateAsync("\"query\":\"SELECT ';' AS x -- the separator\",\"resource\":\"r\"");

        var batch = Assert.Single(await PostgresSourceFixture.ReadAllAsync(source));

        Assert.Equal(["x"], batch.Columns);
        Assert.Equal([[";"]], batch.Rows);
    }

    [Fact]
    public async Task Query_SeveralStatementsPastValidation_RefusedByTheServer()
    {
        await db.ExecuteAsync("CREATE TABLE kept (id int)");
        var json = JsonSerializer.SerializeToElement(new { connection_string = db.ConnectionString, query = "SELECT 1", resource = "r" });
        // As if the validation were bypassed: the read is one statement, so the COMMIT never leaves READ ONLY.
        var config = PostgresSourceConfig.Parse(json) with { Query = "select 1) s; COMMIT; DROP TABLE kept; select * from (select 1" };
        var guard = new PostgresHostGuard(Options.Create(new OutboundOptions { Allow = ["127.0.0.0/8"] }), NullLogger<PostgresHostGuard>.Instance);

        var error = await Assert.ThrowsAsync<SourceException>(() => PostgresSourceFixture.ReadAllAsync(new PostgresSource(config, config.Hints, guard)));

        Assert.Equal("query: cannot insert multiple commands into a prepared statement", error.Message);
        var stillThere = await db.CreateAsync("\"table\":\"public.kept\"");
        Assert.Empty(await PostgresSourceFixture.ReadAllAsync(stillThere));
    }

    [Fact]
    public async Task NoPassword_HostEnvironmentPasswordNotSent()
    {
        var given = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var withoutPassword = new NpgsqlConnectionStringBuilder { Host = given.Host, Port = given.Port, Database = given.Database, Username = given.Username };
        var source = await db.CreateAsync("\"query\":\"SELECT 1 AS one\",\"resource\":\"r\"", withoutPassword.ConnectionString);
        // The right password in PGPASSWORD: Npgsql's fallback would log in with it.
        Environment.SetEnvironmentVariable("PGPASSWORD", given.Password);
        try
        {
            var error = await Assert.ThrowsAsync<SourceException>(() => PostgresSourceFixture.ReadAllAsync(source));

            // Npgsql takes the empty password as none and stops before sending anything; without it the read would succeed.
            Assert.Equal("query: No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGPASSWORD", null);
        }
    }
}
