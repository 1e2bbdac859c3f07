using Aspire.Hosting.Testing;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace MlOps.EndToEnd.Tests;

/// <summary>Each service reaches PostgreSQL and RabbitMQ only under its own account, with the connection strings the AppHost gives it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ServiceAccountTests(PlatformFixture platform)
{
    // Every service with a database, and the database it owns.
    private static readonly (string Service, string Database)[] Accounts =
    [
        ("gateway", "gatewaydb"), ("ingest", "ingestdb"), ("registry", "registrydb"), ("trainer", "trainerdb"),
        ("inference", "inferencedb"), ("drift", "driftdb"), ("guardrail-gateway", "guardraildb"), ("agentops-tracer", "tracerdb"),
        ("incident", "incidentdb"),
    ];

    public static TheoryData<string> Services() => new(Accounts.Select(a => a.Service));

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ServiceRole_AnotherServicesDatabase_PermissionDenied(string service)
    {
        var index = Array.FindIndex(Accounts, a => a.Service == service);
        var other = Accounts[(index + 1) % Accounts.Length].Database;
        var own = await ConnectionStringAsync(Accounts[index].Database);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(own) { Database = other, Pooling = false, IncludeErrorDetail = true }.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(TestContext.Current.CancellationToken));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal($"permission denied for database \"{other}\"", refused.MessageText);
        Assert.Equal("User does not have CONNECT privilege.", refused.Detail);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ServiceRole_OwnDatabase_OwnsItAndItsTablesWithoutSuperuserOrCreateRights(string service)
    {
        var cancel = TestContext.Current.CancellationToken;
        // Healthy means migrated: the service applies its migrations before it listens.
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(service, cancel);
        var own = await ConnectionStringAsync(Accounts.Single(a => a.Service == service).Database);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(own) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancel);
        await using var query = new NpgsqlCommand("""
            SELECT r.rolname, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls, pg_get_userbyid(d.datdba),
                   (SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'schema_migrations'),
                   (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user)
            FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()
            """, connection);
        await using var row = await query.ExecuteReaderAsync(cancel);
        Assert.True(await row.ReadAsync(cancel));

        var role = service.Replace('-', '_');
        Assert.Equal(role, row.GetString(0));
        Assert.False(row.GetBoolean(1), "superuser");
        Assert.False(row.GetBoolean(2), "CREATEDB");
        Assert.False(row.GetBoolean(3), "CREATEROLE");
        Assert.False(row.GetBoolean(4), "REPLICATION");
        Assert.False(row.GetBoolean(5), "BYPASSRLS");
        Assert.Equal(role, row.GetString(6));
        Assert.Equal(role, row.GetString(7));
        Assert.Equal(0, row.GetInt64(8));
    }

    [Fact]
    public async Task BrokerUsers_OnePerService_EachLogsInOnlyWithItsOwnPassword()
    {
        var cancel = TestContext.Current.CancellationToken;
        var brokers = new List<Uri>();
        foreach (var (service, _) in Accounts)
        {
            // The AppHost hands it to the service as ConnectionStrings:messaging.
            brokers.Add(new Uri(await ConnectionStringAsync($"{service}-messaging")));
        }
        var users = brokers.Select(uri => uri.UserInfo.Split(':')[0]).ToList();
        var passwords = brokers.Select(uri => uri.UserInfo.Split(':')[1]).ToList();

        Assert.Equal(Accounts.Select(a => a.Service), users);
        Assert.Equal(passwords.Count, passwords.Distinct(StringComparer.Ordinal).Count());
        for (var i = 0; i < brokers.Count; i++)
        {
            await using (var own = await new ConnectionFactory { Uri = brokers[i] }.CreateConnectionAsync(cancel))
            {
                Assert.True(own.IsOpen);
            }
            var swapped = new UriBuilder(brokers[i]) { Password = passwords[(i + 1) % passwords.Count] }.Uri;
            var refused = await Assert.ThrowsAsync<BrokerUnreachableException>(() => new ConnectionFactory { Uri = swapped }.CreateConnectionAsync(cancel));
            Assert.IsType<AuthenticationFailureException>(refused.InnerException);
        }
    }

    private async Task<string> ConnectionStringAsync(string resource) =>
        await platform.App.GetConnectionStringAsync(resource, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"{resource} has no connection string.");
}
