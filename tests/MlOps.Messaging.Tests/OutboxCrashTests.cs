using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.ServiceDefaults.Data;
using MlOps.ServiceDefaults.Messaging;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Messaging.Tests;

public sealed class OutboxCrashTests : IAsyncLifetime
{
    private readonly string _serviceDatabase = TestInfrastructure.UniqueDatabase("incident_crash");
    private readonly string _consumerDatabase = TestInfrastructure.UniqueDatabase("consumer_crash");
    private NpgsqlDataSource _consumerDb = null!;

    public async ValueTask InitializeAsync()
    {
        var connectionString = TestInfrastructure.Postgres(_consumerDatabase);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:consumerdb"] = connectionString }).Build();
        _consumerDb = NpgsqlDataSource.Create(connectionString);
        // The consumer side gets the same platform migrations (inbox table) a service gets.
        await new DatabaseMigrator(_consumerDb, new MigrationSource([typeof(DatabaseMigrator).Assembly], "consumerdb"), configuration, NullLogger<DatabaseMigrator>.Instance)
            .StartAsync(TestContext.Current.CancellationToken);
        await _consumerDb.CreateCommand("CREATE TABLE handled_incidents (incident_id uuid NOT NULL, message_id uuid NOT NULL)").ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task IncidentService_KilledAfterCommitBeforePublish_EventReachesIdempotentConsumerExactlyOnceAfterRestart()
    {
        var consumer = new IdempotentIncidentConsumer(new Inbox(_consumerDb));
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(TestInfrastructure.RabbitMq("messaging"));
            cfg.ReceiveEndpoint($"crash-test-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Consumer(() => consumer);
            });
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__incidentdb"] = TestInfrastructure.Postgres(_serviceDatabase),
                ["ConnectionStrings__messaging"] = TestInfrastructure.RabbitMq("messaging").ToString(),
            };

            // 1. The service commits the incident and its outbox row, then dies before its relay publishes.
            Guid incidentId;
            using (var doomed = await ServiceProcess.StartAsync("incident", "MlOps.Incident", new Dictionary<string, string>(environment) { ["MlOps__Outbox__RelayEnabled"] = "false" }))
            {
                using var client = new HttpClient { BaseAddress = doomed.Address };
                client.Authorize("crash-test");
                var response = await client.PostAsJsonAsync("/incidents", new { title = "Crash test", severity = "critical" }, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                incidentId = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
                doomed.Kill();
            }
            await using var serviceDb = NpgsqlDataSource.Create(TestInfrastructure.Postgres(_serviceDatabase));
            await using (var connection = await serviceDb.OpenConnectionAsync(TestContext.Current.CancellationToken))
            {
                Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"));
            }
            Assert.Equal(0, consumer.Deliveries);

            // 2. After a restart the relay finds the stranded row and publishes it.
            using var restarted = await ServiceProcess.StartAsync("incident", "MlOps.Incident", environment);
            await Eventually.WaitAsync(() => HandledCountAsync(incidentId), count => count == 1, "the restarted relay to deliver IncidentOpened");
            await using (var connection = await serviceDb.OpenConnectionAsync(TestContext.Current.CancellationToken))
            {
                await Eventually.WaitAsync(() => connection.ExecuteScalarAsync<int>("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"),
                    pending => pending == 0, "the outbox row to be marked sent");

                // 3. A crash between publish and mark-sent makes the relay send the row again; the inbox absorbs the duplicate.
                await connection.ExecuteAsync("UPDATE outbox_messages SET sent_at = NULL");
            }
            await Eventually.WaitAsync(() => Task.FromResult(consumer.Deliveries), deliveries => deliveries == 2, "the re-sent duplicate to arrive");

            Assert.Equal(1, await HandledCountAsync(incidentId));
            await using var check = await _consumerDb.OpenConnectionAsync(TestContext.Current.CancellationToken);
            Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM inbox_messages WHERE message_type = 'IncidentOpened'"));
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private async Task<int> HandledCountAsync(Guid incidentId)
    {
        await using var connection = await _consumerDb.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM handled_incidents WHERE incident_id = @incidentId", new { incidentId });
    }

    public async ValueTask DisposeAsync()
    {
        await _consumerDb.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_consumerDatabase);
        await TestInfrastructure.DropDatabaseAsync(_serviceDatabase);
    }
}
