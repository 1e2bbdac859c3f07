using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Messaging;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Messaging.Tests;

/// <summary>The relay in a real host against the test PostgreSQL and RabbitMQ.</summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private readonly string _database = TestInfrastructure.UniqueDatabase("relay");
    private IHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:relaydb"] = TestInfrastructure.Postgres(_database),
            ["ConnectionStrings:messaging"] = TestInfrastructure.RabbitMq("messaging").ToString(),
            ["MlOps:Outbox:PollInterval"] = "00:00:00.050",
            // Long enough that a second attempt within the test would show the back-off is not applied.
            ["MlOps:Outbox:MinRetryDelay"] = "00:01:00",
        });
        builder.AddServiceDatabase("relaydb", typeof(OutboxRelayTests).Assembly);
        builder.AddMessaging();
        _host = builder.Build();
        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Relay_RowOfUnknownType_BacksOffWithErrorWhileLaterRowsStillFlow()
    {
        await using var collector = await MessageCollector<IncidentResolved>.StartAsync(TestInfrastructure.RabbitMq("messaging"));
        var db = _host.Services.GetRequiredService<NpgsqlDataSource>();
        var poisonId = Guid.CreateVersion7();
        var good = new IncidentResolved { TenantId = "relay-test", IncidentId = Guid.NewGuid(), Resolution = "fixed" };

        await using (var connection = await db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync(
                "INSERT INTO outbox_messages (id, message_type, payload, correlation_id) VALUES (@poisonId, 'MlOps.Contracts.NoSuchEvent', '{}', @poisonId)",
                new { poisonId }, transaction);
            await _host.Services.GetRequiredService<OutboxWriter>().EnqueueAsync(transaction, good, TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        var (messageId, received) = await collector.WaitForAsync(m => m.IncidentId == good.IncidentId);
        Assert.Equal(good.Id, messageId);
        Assert.Equal(good.CorrelationId, received.CorrelationId);
        await using var check = await db.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var poison = await Eventually.WaitAsync(
            () => check.QuerySingleAsync<(int Attempts, string? LastError, DateTime? SentAt, bool Deferred)>(
                "SELECT attempts, last_error, sent_at, next_attempt_at > now() FROM outbox_messages WHERE id = @poisonId", new { poisonId }),
            row => row.Attempts >= 1, "the poison row's first failed attempt");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        poison = await check.QuerySingleAsync<(int Attempts, string? LastError, DateTime? SentAt, bool Deferred)>(
            "SELECT attempts, last_error, sent_at, next_attempt_at > now() FROM outbox_messages WHERE id = @poisonId", new { poisonId });
        Assert.Equal(1, poison.Attempts);
        Assert.Null(poison.SentAt);
        Assert.True(poison.Deferred);
        Assert.Contains("NoSuchEvent", poison.LastError);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        await TestInfrastructure.DropDatabaseAsync(_database);
    }
}
