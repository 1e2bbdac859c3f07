using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MlOps.AgentOpsTracer.Retention;
using Npgsql;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// The retention job on the tracer's real, migrated database, driven by a fake clock: day partitions made ahead, whole days
/// dropped past the longest retention, a shorter tenant retention deleted row by row, one replica at a time.
/// </summary>
public sealed class RetentionTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private (RetentionJob Job, FakeTimeProvider Clock, NpgsqlDataSource Db) Job(DateTimeOffset now)
    {
        var db = NpgsqlDataSource.Create(fixture.Factory.ConnectionString);
        var options = new RetentionOptions { Days = 5, TenantDays = new(StringComparer.Ordinal) { ["short-t"] = 2 }, DaysAhead = 3 };
        var clock = new FakeTimeProvider(now);
        return (new RetentionJob(db, Options.Create(options), clock, NullLogger<RetentionJob>.Instance), clock, db);
    }

    [Fact]
    public async Task Pass_NewDay_YesterdayToThreeDaysAheadCreatedOnce()
    {
        var (job, _, db) = Job(new DateTimeOffset(2032, 3, 10, 12, 0, 0, TimeSpan.Zero));
        await using var _ = db;

        var first = await job.PassAsync(Cancel);
        var second = await job.PassAsync(Cancel);

        Assert.Equal(["spans_p20320309", "spans_p20320310", "spans_p20320311", "spans_p20320312", "spans_p20320313"], first.Created);
        Assert.Empty(second.Created);
    }

    [Fact]
    public async Task Pass_FiveDaysLater_OldestDayDroppedWholeAndExpiredRowsOfKeptDaysDeleted()
    {
        var (job, clock, db) = Job(new DateTimeOffset(2031, 1, 10, 12, 0, 0, TimeSpan.Zero));
        await using var _ = db;
        await job.PassAsync(Cancel);
        await InsertAsync(db, "long-t", 1, new DateTime(2031, 1, 9, 10, 0, 0, DateTimeKind.Utc));
        await InsertAsync(db, "long-t", 2, new DateTime(2031, 1, 10, 10, 0, 0, DateTimeKind.Utc));
        await InsertAsync(db, "long-t", 3, new DateTime(2031, 1, 12, 10, 0, 0, DateTimeKind.Utc));
        await InsertAsync(db, "short-t", 4, new DateTime(2031, 1, 9, 10, 0, 0, DateTimeKind.Utc));
        await InsertAsync(db, "short-t", 5, new DateTime(2031, 1, 12, 10, 0, 0, DateTimeKind.Utc));
        // Before the first day partition: the default partition, expired row by row.
        await InsertAsync(db, "long-t", 6, new DateTime(2030, 12, 1, 10, 0, 0, DateTimeKind.Utc));

        clock.Advance(TimeSpan.FromDays(5));
        var pass = await job.PassAsync(Cancel);

        // Now 2031-01-15T12:00. Longest retention 5 days: every row before 01-10T12:00 is expired, so day 01-09 (ends 01-10T00:00)
        // goes whole and day 01-10 stays. Deleted one by one: long-t's 01-10T10:00 and 2030-12-01 rows (5 days), short-t's
        // 01-12T10:00 row (2 days: before 01-13T12:00).
        Assert.Contains("spans_p20310109", pass.Dropped);
        Assert.DoesNotContain("spans_p20310110", pass.Dropped);
        Assert.True(pass.DeletedRows >= 3, $"{pass.DeletedRows} rows deleted");
        Assert.Equal(["spans_p20310114", "spans_p20310115", "spans_p20310116", "spans_p20310117", "spans_p20310118"], pass.Created);
        Assert.Equal(["long-t 2031-01-12 spans_p20310112"], await RowsAsync(db, 1, 6));
    }

    [Fact]
    public async Task Pass_SpanOfADayNotYetCreated_MovedFromTheDefaultPartitionIntoItsDay()
    {
        var (job, _, db) = Job(new DateTimeOffset(2031, 2, 1, 12, 0, 0, TimeSpan.Zero));
        await using var _ = db;
        await InsertAsync(db, "long-t", 20, new DateTime(2031, 2, 2, 5, 0, 0, DateTimeKind.Utc));
        Assert.Equal(["long-t 2031-02-02 spans_default"], await RowsAsync(db, 20, 20));

        await job.PassAsync(Cancel);

        Assert.Equal(["long-t 2031-02-02 spans_p20310202"], await RowsAsync(db, 20, 20));
    }

    [Fact]
    public async Task Pass_AnotherReplicaRunsIt_SkippedAndNothingCreated()
    {
        var (job, _, db) = Job(new DateTimeOffset(2033, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var _ = db;
        await using var replica = await db.OpenConnectionAsync(Cancel);
        await replica.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended('agentops-tracer:retention', 0))");

        var pass = await job.PassAsync(Cancel);

        Assert.True(pass.Skipped);
        Assert.Equal(0, await replica.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'spans_p20330601'"));
    }

    [Fact]
    public async Task Intake_SameSpanTwiceToday_StoredOnceInTodaysPartition()
    {
        var now = DateTimeOffset.UtcNow;
        var (job, _, db) = Job(now);
        await using var _ = db;
        await job.PassAsync(Cancel);
        var start = (ulong)(now.AddMinutes(-1).ToUnixTimeMilliseconds() * 1_000_000);
        var span = Span("today", Id(16, 0xf1), AgentSpans.SpanId(1), start, start + 1_000_000);

        await fixture.ExportAsync("partition-dedup", span);
        await fixture.ExportAsync("partition-dedup", span);

        await using var connection = await db.OpenConnectionAsync(Cancel);
        var partitions = await connection.QueryAsync<string>(
            "SELECT tableoid::regclass::text FROM spans WHERE tenant_id = 'partition-dedup'");
        Assert.Equal([$"spans_p{now.AddMinutes(-1):yyyyMMdd}"], partitions);
    }

    private static async Task InsertAsync(NpgsqlDataSource db, string tenant, byte n, DateTime start)
    {
        await using var connection = await db.OpenConnectionAsync(Cancel);
        await connection.ExecuteAsync(
            """
            INSERT INTO spans (tenant_id, trace_id, span_id, name, kind, start_time, end_time, duration_ns, status_code, attributes, observation_type)
            VALUES (@tenant, @trace, @span, 'op', 1, @start, @start, 0, 0, '{}', 'span')
            """, new { tenant, trace = Id(16, n), span = AgentSpans.SpanId(n), start });
    }

    // "tenant day partition" of the rows whose trace ids start at first..last.
    private static async Task<IReadOnlyList<string>> RowsAsync(NpgsqlDataSource db, byte first, byte last)
    {
        await using var connection = await db.OpenConnectionAsync(Cancel);
        var rows = await connection.QueryAsync<string>(
            """
            SELECT tenant_id || ' ' || to_char(start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' ' || tableoid::regclass::text FROM spans
            WHERE get_byte(trace_id, 0) BETWEEN @first AND @last AND tenant_id IN ('long-t', 'short-t') ORDER BY start_time, tenant_id
            """, new { first = (int)first, last = (int)last });
        return rows.ToList();
    }
}
