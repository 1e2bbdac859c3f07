using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Retention;
using MlOps.Services.FunctionalTests.Infrastructure;
using Npgsql;

namespace MlOps.Services.FunctionalTests;

/// <summary>Old rows are pruned by their service's retention rules; recent ones and those still in use stay.</summary>
[Collection(ServicesCollection.Name)]
public sealed class RetentionTests(ServicesFixture services)
{
    [Fact]
    public async Task Registry_FinishedDeliveriesAndHandledInboxRowsPastTheirAge_Pruned_PendingAndRecentKept()
    {
        var registry = services["registry"];
        await using var db = new NpgsqlConnection(registry.ConnectionString);
        var subscription = Guid.CreateVersion7();
        await db.ExecuteAsync("INSERT INTO webhook_subscriptions (id, tenant_id, url, event_types, secret) VALUES (@subscription, 't', 'http://x', '{}', 's')",
            new { subscription });
        var (oldDone, oldPending, recentDone) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (id, tenant_id, subscription_id, event_type, payload, status, created_at) VALUES
                (@oldDone, 't', @subscription, 'e', '{}', 'succeeded', now() - interval '40 days'),
                (@oldPending, 't', @subscription, 'e', '{}', 'pending', now() - interval '40 days'),
                (@recentDone, 't', @subscription, 'e', '{}', 'failed', now() - interval '1 day')
            """, new { oldDone, oldPending, recentDone, subscription });
        var (oldInbox, recentInbox) = (Guid.NewGuid(), Guid.NewGuid());
        await db.ExecuteAsync(
            """
            INSERT INTO inbox_messages (message_id, consumer, message_type, handled_at) VALUES
                (@oldInbox, 'c', 't', now() - interval '15 days'), (@recentInbox, 'c', 't', now() - interval '13 days')
            """, new { oldInbox, recentInbox });

        var pruned = await registry.Services.GetRequiredService<RetentionSweeper>().SweepOnceAsync(TestContext.Current.CancellationToken);

        var deliveries = (await db.QueryAsync<Guid>("SELECT id FROM webhook_deliveries WHERE subscription_id = @subscription", new { subscription })).ToHashSet();
        Assert.Equal(new HashSet<Guid> { oldPending, recentDone }, deliveries);
        Assert.Equal([recentInbox], await db.QueryAsync<Guid>("SELECT message_id FROM inbox_messages WHERE message_id IN (@oldInbox, @recentInbox)", new { oldInbox, recentInbox }));
        Assert.True(pruned["webhook-deliveries"] >= 1 && pruned["inbox"] >= 1);
    }

    [Fact]
    public async Task Inference_PredictionsAndFinishedJobsPastTheirAge_PrunedWithTheJobFiles_RecentKept()
    {
        var inference = services["inference"];
        await using var db = new NpgsqlConnection(inference.ConnectionString);
        var (oldRequest, recentRequest) = (Guid.NewGuid(), Guid.NewGuid());
        await db.ExecuteAsync(
            """
            INSERT INTO predictions (request_id, row_index, tenant_id, model_name, version, role, numeric_features, categorical_features, outputs, latency_us, created_at)
            VALUES (@oldRequest, 0, 't', 'm', 1, 'champion', '{}', '{}', '{}', 1, now() - interval '31 days'),
                   (@recentRequest, 0, 't', 'm', 1, 'champion', '{}', '{}', '{}', 1, now() - interval '29 days')
            """, new { oldRequest, recentRequest });
        var (oldJob, runningJob) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await db.ExecuteAsync(
            """
            INSERT INTO batch_jobs (id, tenant_id, model_name, format, status, input_bytes, created_at, finished_at) VALUES
                (@oldJob, 't', 'm', 'csv', 'succeeded', 1, now() - interval '9 days', now() - interval '8 days'),
                (@runningJob, 't', 'm', 'csv', 'running', 1, now() - interval '9 days', NULL)
            """, new { oldJob, runningJob });
        var jobs = inference.Services.GetRequiredService<MlOps.Inference.Jobs.JobStore>();
        Directory.CreateDirectory(Path.GetDirectoryName(jobs.InputPath(oldJob))!);
        await File.WriteAllTextAsync(jobs.ResultsPath(oldJob), "row\n", TestContext.Current.CancellationToken);

        await inference.Services.GetRequiredService<RetentionSweeper>().SweepOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal([recentRequest], await db.QueryAsync<Guid>("SELECT request_id FROM predictions WHERE request_id IN (@oldRequest, @recentRequest)", new { oldRequest, recentRequest }));
        Assert.Equal([runningJob], await db.QueryAsync<Guid>("SELECT id FROM batch_jobs WHERE id IN (@oldJob, @runningJob)", new { oldJob, runningJob }));
        Assert.False(Directory.Exists(Path.GetDirectoryName(jobs.ResultsPath(oldJob))), "the pruned job's files are gone");
    }
}
