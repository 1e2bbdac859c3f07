using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Warehouse.TestTables;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>
/// Each column type's edge values through the writer's binary COPY, read back as PostgreSQL prints them: the expected text is
/// PostgreSQL's own rendering of the value written, so an encoding slip (digit groups, epochs, infinities) shows as a wrong value.
/// </summary>
public sealed class BinaryCopyValueTests(WarehouseDatabase db) : IClassFixture<WarehouseDatabase>
{
    private static TableSchema Values(string column, DataType type) =>
        Root("vals", WriteDisposition.Append, MergeStrategy.DeleteInsert, Column("n", DataType.BigInt), Column(column, type));

    private async Task<List<string?>> RoundTripAsync(string dataset, DataType type, string readBack, params object?[] values)
    {
        var table = Values("v", type);
        var rows = values.Select((v, i) => new object?[] { (long)i, v, "L", $"r{i}" }).ToList();
        await LoadAsync(db.Warehouse, Job("acme", dataset), [Batch("vals", new TableRows(table, rows))]);
        return (await db.QueryAsync($"SELECT {readBack} FROM acme__{dataset}.vals ORDER BY n")).Select(r => (string?)r[0]).ToList();
    }

    [Fact]
    public async Task Decimals_ScalesSignsAndExtremes_ReadBackExactly()
    {
        var text = await RoundTripAsync("decimals", DataType.Decimal, "v::text",
            0m, -0.00m, 1.5m, -0.0001m, 0.00001m, 10000m, 12345.6789m, 100000000.000m, decimal.MaxValue, decimal.MinValue,
            0.0000000000000000000000000001m, -123456789012345678.9012345678m, null);

        Assert.Equal(
            [
                "0", "0.00", "1.5", "-0.0001", "0.00001", "10000", "12345.6789", "100000000.000", "79228162514264337593543950335",
                "-79228162514264337593543950335", "0.0000000000000000000000000001", "-123456789012345678.9012345678", null,
            ],
            text);
    }

    [Fact]
    public async Task Timestamps_TruncatedToMicrosecondsConvertedToUtcAndEndsAsInfinity()
    {
        var text = await RoundTripAsync("stamps", DataType.Timestamp, "(v AT TIME ZONE 'UTC')::text",
            new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567),
            new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(10),
            new DateTime(1850, 6, 30, 12, 0, 0, DateTimeKind.Utc),
            new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)),
            DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
            DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));

        Assert.Equal(
            [
                "2024-05-01 10:00:00.123456", "1970-01-01 00:00:00.000001", "1850-06-30 12:00:00", "2024-05-01 10:00:00", "infinity",
                "-infinity",
            ],
            text);
    }

    [Fact]
    public async Task DatesNumbersBooleansTextAndJson_ReadBackAsWritten()
    {
        Assert.Equal(["1999-12-31", "2000-01-01", "0001-01-02", "infinity", "-infinity"],
            await RoundTripAsync("dates", DataType.Date, "v::text",
                new DateOnly(1999, 12, 31), new DateOnly(2000, 1, 1), new DateOnly(1, 1, 2), DateOnly.MaxValue, DateOnly.MinValue));
        Assert.Equal(["-9223372036854775808", "9223372036854775807", "5"],
            await RoundTripAsync("bigints", DataType.BigInt, "v::text", long.MinValue, long.MaxValue, 5));
        Assert.Equal(["0.1", "-0", "1e+308", "NaN", "-Infinity", "2.5"],
            await RoundTripAsync("doubles", DataType.Double, "v::text", 0.1, -0.0, 1e308, double.NaN, double.NegativeInfinity, 2.5m));
        Assert.Equal(["true", "false"], await RoundTripAsync("bools", DataType.Bool, "v::text", true, false));
        Assert.Equal(["{\"a\": [1, 2], \"é\": \"日本\"}"],
            await RoundTripAsync("docs", DataType.Json, "v::text", "{\"a\":[1,2],\"é\":\"日本\"}"));
        var large = new string('x', 300_000) + "🎉";
        Assert.Equal(["zoë 日本 🎉", "", "42", large],
            await RoundTripAsync("texts", DataType.Text, "v", "zoë 日本 🎉", "", 42L, large));
    }

    [Fact]
    public async Task ValueOfAnotherType_FailsTheLoadAndLeavesNothing()
    {
        var table = Values("flag", DataType.Bool);
        var rows = Enumerable.Range(0, 5_000).Select(i => new object?[] { (long)i, true, "L", $"r{i}" }).ToList();
        rows.Add([5_000L, "yes", "L", "bad"]);

        await Assert.ThrowsAsync<InvalidCastException>(() =>
            LoadAsync(db.Warehouse, Job("acme", "badcast"), [Batch("vals", new TableRows(table, rows))]));

        Assert.False(await db.ExistsAsync("acme__badcast.vals"));
        await LoadAsync(db.Warehouse, Job("acme", "badcast"), [Batch("vals", new TableRows(table, [[1L, false, "L", "ok"]]))]);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM acme__badcast.vals"));
    }
}
