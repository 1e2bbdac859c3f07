using System.Text.Json;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;
using Npgsql;

namespace MlOps.Ingest.Tests.Postgres;

public sealed class PostgresSourceTests(PostgresSourceFixture db) : IClassFixture<PostgresSourceFixture>
{
    private static readonly DateTime T0 = new(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Incremental_FullThenLookback_LateRowsReRead()
    {
        await db.ExecuteAsync("""
            CREATE TABLE events (id int PRIMARY KEY, v text, updated_at timestamptz);
            INSERT INTO events VALUES (1, 'a', '2024-05-01T10:00:00Z'), (2, 'b', '2024-05-01T10:01:00Z'), (3, 'c', '2024-05-01T10:02:00Z');
            """);
        var source = await db.CreateAsync("""
            "table":"public.events","incremental":{"cursor_column":"updated_at","lookback":90}
            """);

        var run1 = await PostgresSourceFixture.ReadAllAsync(source);
        await db.ExecuteAsync("""
            INSERT INTO events VALUES (4, 'd', '2024-05-01T10:03:00Z'), (5, 'late', '2024-05-01T10:01:30Z');
            UPDATE events SET v = 'a2' WHERE id = 1;
            """);
        var state = new Dictionary<string, JsonElement> { ["events"] = run1[^1].StateAfter!.Value };
        var run2 = await PostgresSourceFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "t1", State = state });

        var all = Assert.Single(run1);
        Assert.Equal(["id", "v", "updated_at"], all.Columns);
        Assert.Equal([[1L, "a", T0], [2L, "b", T0.AddMinutes(1)], [3L, "c", T0.AddMinutes(2)]], all.Rows);
        Assert.Equal("""{"last_value":"2024-05-01T10:02:00.000000Z"}""", all.StateAfter!.Value.GetRawText());
        // 10:02 minus 90 s = 10:00:30: row 1 (10:00) stays out, the late row 5 (10:01:30) is read.
        var next = Assert.Single(run2);
        Assert.Equal([2L, 5L, 3L, 4L], next.Rows.Select(r => r[0]));
        Assert.Equal("""{"last_value":"2024-05-01T10:03:00.000000Z"}""", next.StateAfter!.Value.GetRawText());
        Assert.Equal(["id"], Assert.Single(source.Resources).PrimaryKey);
    }

    [Fact]
    public async Task Incremental_InitialValueAndChunkSize_StartsThereInChunks()
    {
        await db.ExecuteAsync("""
            CREATE TABLE seq (n bigint, k int, PRIMARY KEY (k, n));
            INSERT INTO seq SELECT g, 0 FROM generate_series(1, 10) g;
            """);
        var source = await db.CreateAsync("""
            "table":"seq","resource":"numbers","chunk_size":3,"incremental":{"cursor_column":"n","initial_value":5}
            """);

        var batches = await PostgresSourceFixture.ReadAllAsync(source);

        Assert.Equal([3, 3], batches.Select(b => b.Rows.Count));
        Assert.Equal([5L, 6L, 7L, 8L, 9L, 10L], batches.SelectMany(b => b.Rows).Select(r => r[0]));
        Assert.Equal(["""{"last_value":7}""", """{"last_value":10}"""], batches.Select(b => b.StateAfter!.Value.GetRawText()));
        Assert.Equal("table public.seq row 4", batches[1].PositionOf(0));
        Assert.Equal(["k", "n"], Assert.Single(source.Resources).PrimaryKey);
        Assert.Equal("numbers", batches[0].Resource);
    }

    [Fact]
    public async Task Types_EveryMappedType_ExactValues()
    {
        await db.ExecuteAsync("""
            CREATE TABLE typed (b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric(10,2), t text, vc varchar(5),
              c char(3), u uuid, ts timestamp, tz timestamptz, d date, j json, jb jsonb, ai int4[], at text[], nul int4);
            SET TIME ZONE 'Europe/Berlin';
            INSERT INTO typed VALUES (true, -2, 4, 9000000000, 1.5, 2.25, 12.34, 'text', 'vc', 'ab',
              'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-05-01 10:00:00', '2024-05-01 12:00:00+02', '2024-02-29',
              '{"a": [1, 2]}', '{"b": null}', '{1,2,3}', '{"x","y z"}', NULL);
            """);
        var source = await db.CreateAsync("\"table\":\"public.typed\"");

        var batch = Assert.Single(await PostgresSourceFixture.ReadAllAsync(source));

        Assert.Equal(
            [DataType.Bool, DataType.BigInt, DataType.BigInt, DataType.BigInt, DataType.Double, DataType.Double, DataType.Decimal,
             DataType.Text, DataType.Text, DataType.Text, DataType.Text, DataType.Timestamp, DataType.Timestamp, DataType.Date,
             DataType.Json, DataType.Json, DataType.Json, DataType.Json, DataType.BigInt],
            batch.ColumnTypes);
        var row = Assert.Single(batch.Rows);
        Assert.Equal([true, -2L, 4L, 9_000_000_000L, 1.5, 2.25, 12.34m, "text", "vc", "ab ", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            T0, T0, new DateOnly(2024, 2, 29)], row[..14]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)row[11]!).Kind);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)row[12]!).Kind);
        Assert.Equal("""{"a": [1, 2]}""", ((JsonElement)row[14]!).GetRawText());
        Assert.Equal("""{"b": null}""", ((JsonElement)row[15]!).GetRawText());
        Assert.Equal("[1,2,3]", ((JsonElement)row[16]!).GetRawText());
        Assert.Equal("""["x","y z"]""", ((JsonElement)row[17]!).GetRawText());
        Assert.Null(row[18]);
        Assert.Empty(Assert.Single(source.Resources).PrimaryKey);
    }

    [Fact]
    public async Task Query_WrappedAsSubquery_RowsOfTheQuery()
    {
        await db.ExecuteAsync("CREATE TABLE q_src (id int PRIMARY KEY, v text); INSERT INTO q_src VALUES (1, 'a'), (2, 'b'), (3, 'c');");
        var source = await db.CreateAsync("""
            "query":"SELECT id * 10 AS x, v FROM q_src WHERE id > 1;","resource":"q","incremental":{"cursor_column":"x","initial_value":25}
            """);

        var batch = Assert.Single(await PostgresSourceFixture.ReadAllAsync(source));

        Assert.Equal(["x", "v"], batch.Columns);
        Assert.Equal([[30L, "c"]], batch.Rows);
        Assert.Equal("query row 1", batch.PositionOf(0));
    }

    [Fact]
    public async Task MissingTable_SourceExceptionNamingIt()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => db.CreateAsync("\"table\":\"public.nope\""));
        var viaQuery = await db.CreateAsync("\"query\":\"SELECT * FROM nope\",\"resource\":\"r\"");
        var queryError = await Assert.ThrowsAsync<SourceException>(() => PostgresSourceFixture.ReadAllAsync(viaQuery));

        Assert.Equal("table public.nope does not exist", error.Message);
        Assert.Equal("query: relation \"nope\" does not exist", queryError.Message);
    }

    [Fact]
    public async Task BadPassword_SourceExceptionWithoutThePassword()
    {
        var wrong = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Password = "Wr0ng-s3cret-pw" };
        var source = await db.CreateAsync("\"query\":\"SELECT 1 AS one\",\"resource\":\"r\"", wrong.ConnectionString);

        var error = await Assert.ThrowsAsync<SourceException>(() => PostgresSourceFixture.ReadAllAsync(source));

        Assert.Equal($"PostgreSQL at 127.0.0.1:{wrong.Port} refused user {wrong.Username}: authentication failed", error.Message);
        Assert.DoesNotContain("Wr0ng-s3cret-pw", error.ToString());
    }

    [Fact]
    public async Task Host_Unreachable_SourceExceptionNamingIt()
    {
        var closed = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Port = 1, Timeout = 5 };
        var source = await db.CreateAsync("\"query\":\"SELECT 1 AS one\",\"resource\":\"r\"", closed.ConnectionString);

        var error = await Assert.ThrowsAsync<SourceException>(() => PostgresSourceFixture.ReadAllAsync(source));

        Assert.StartsWith("PostgreSQL at 127.0.0.1:1 cannot be reached (", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("localhost", "loopback")]
    public async Task Host_NotAllowListed_Refused(string host, string range)
    {
        var target = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = host, Port = 5432 };
        var source = await db.CreateAsync("\"query\":\"SELECT 1 AS one\",\"resource\":\"r\"", target.ConnectionString, "192.0.2.0/24");

        var error = await Assert.ThrowsAsync<SourceException>(() => PostgresSourceFixture.ReadAllAsync(source));

        Assert.Equal($"PostgreSQL host {host}:5432 refused: a {range} address, not allow-listed in MlOps:Outbound:Allow", error.Message);
    }

    [Theory]
    [InlineData("\"table\":\"public.t\"", "connection_string")]
    [InlineData("\"connection_string\":\"Host=a;Password=secretpw;Passfile=/etc/x\",\"table\":\"t\"", "connection_string")]
    [InlineData("\"connection_string\":\"Host=/var/run/postgresql\",\"table\":\"t\"", "connection_string")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"table\":\"public.t; DROP TABLE x\"", "table")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"table\":\"t\",\"query\":\"SELECT 1\"", "table")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"query\":\"DELETE FROM t\",\"resource\":\"r\"", "query")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"query\":\"SELECT 1\"", "resource")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"table\":\"t\",\"incremental\":{\"cursor_column\":\"a\\\"b\"}", "incremental.cursor_column")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"table\":\"t\",\"incremental\":{\"cursor_column\":\"a\",\"lookback\":\"soon\"}", "incremental.lookback")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"table\":\"t\",\"chunk_size\":0", "chunk_size")]
    [InlineData("\"connection_string\":\"Host=a;Username=u;Password=secretpw;Read Buffer Size=2000000000\",\"table\":\"t\"", "connection_string")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"query\":\"select 1) s; COMMIT; DROP TABLE t; select * from (select 1\",\"resource\":\"r\"", "query")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"table\":\"t\",\"incremental\":{\"cursor_column\":\"a\",\"lookback\":\"366.00:00:00\"}", "incremental.lookback")]
    [InlineData("\"connection_string\":\"Host=a;Username=u\",\"table\":\"t\",\"incremental\":{\"cursor_column\":\"a\",\"lookback\":31536001}", "incremental.lookback")]
    public async Task Config_Invalid_NamesTheField(string body, string field)
    {
        var json = JsonDocument.Parse($"{{{body}}}").RootElement;

        var error = await Assert.ThrowsAsync<SourceConfigException>(() =>
            PostgresSourceFixture.Factory().CreateAsync(json, TestContext.Current.CancellationToken));

        Assert.Equal(field, error.Field);
        Assert.DoesNotContain("secretpw", error.Message);
    }
}
