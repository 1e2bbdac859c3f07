using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Normalize.Batches;

namespace MlOps.Ingest.Tests.Normalize;

public sealed class InferenceTests
{
    [Fact]
    public void Normalize_JsonScalars_InfersEachTypeAndAddsSystemColumns()
    {
        var normalizer = new Normalizer(Empty, LoadId);
        var batch = normalizer.Normalize(Json("Orders", """
            {"flag": true, "count": 42, "ratio": 1.5, "huge": 12345678901234567890, "when": "2024-05-01T10:30:00+02:00",
             "day": "2024-05-01", "name": "Ada", "nothing": null, "amountText": "12"}
            """), Hints());

        var orders = batch.Table("orders");
        Assert.Equal(["flag", "count", "ratio", "huge", "when", "day", "name", "amount_text", "_dlt_load_id", "_dlt_id"], orders.ColumnNames());
        Assert.Equal(
            [DataType.Bool, DataType.BigInt, DataType.Double, DataType.Double, DataType.Timestamp, DataType.Date, DataType.Text,
             DataType.Text, DataType.Text, DataType.Text],
            orders.Table.Columns.Select(c => c.Type));
        var row = Assert.Single(orders.Rows);
        Assert.Equal(true, row[0]);
        Assert.Equal(42L, row[1]);
        Assert.Equal(1.5, row[2]);
        Assert.Equal(1.2345678901234567E19, row[3]);
        var when = Assert.IsType<DateTime>(row[4]);
        Assert.Equal(new DateTime(2024, 5, 1, 8, 30, 0, DateTimeKind.Utc), when);
        Assert.Equal(DateTimeKind.Utc, when.Kind);
        Assert.Equal(new DateOnly(2024, 5, 1), row[5]);
        Assert.Equal("Ada", row[6]);
        Assert.Equal("12", row[7]);
        Assert.Equal("01900000-0000-7000-8000-0000000000aa", row[8]);
        var id = Assert.IsType<string>(row[9]);
        Assert.Matches("^[A-Za-z0-9_-]{16}$", id);
        Assert.Empty(batch.Quarantined);
        Assert.Equal(1, normalizer.Schema.Version);
    }

    [Fact]
    public void Normalize_CsvText_InfersFromTheTextAndEmptyIsNull()
    {
        var normalizer = new Normalizer(Empty, LoadId);
        var batch = normalizer.Normalize(Csv("orders",
            ["Active", "Qty", "Price", "Created At", "Day", "Note", "Empty", "Thousands"],
            ["TRUE", "-7", "3.25", "2024-05-01 10:00:00", "2024-05-01", "hello", "", "1,000"],
            ["false", "+8", "1e3", "2024-05-02T00:00:00.5Z", "2024-05-02", "", "", "NaN"]), Hints());

        var orders = batch.Table("orders");
        Assert.Equal(["active", "qty", "price", "created_at", "day", "note", "thousands", "_dlt_load_id", "_dlt_id"], orders.ColumnNames());
        Assert.Equal([DataType.Bool, DataType.BigInt, DataType.Double, DataType.Timestamp, DataType.Date, DataType.Text, DataType.Text],
            orders.Table.Columns.Take(7).Select(c => c.Type));
        Assert.Equal([true, false], orders.Values("active"));
        Assert.Equal([-7L, 8L], orders.Values("qty"));
        Assert.Equal([3.25, 1000.0], orders.Values("price"));
        Assert.Equal(
            [new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2024, 5, 2, 0, 0, 0, 500, DateTimeKind.Utc)],
            orders.Values("created_at"));
        Assert.Equal([new DateOnly(2024, 5, 1), new DateOnly(2024, 5, 2)], orders.Values("day"));
        Assert.Equal(["hello", null], orders.Values("note"));
        Assert.Equal(["1,000", "NaN"], orders.Values("thousands"));
    }

    [Fact]
    public void Normalize_CsvDecimals_ParseExactlyAsDoubleParseDoes()
    {
        // The short decimals take a fast path of our own; double.Parse is the independent reference.
        var random = new Random(17);
        string[] fixedValues = ["0.1", "123.45", "-0.0001", "999999999999999", "+2.5", "0.30000000000000004", "1.5e3", "4.35", "1.", ".5"];
        var texts = fixedValues
            .Concat(Enumerable.Range(0, 2000).Select(i => (random.NextDouble() * Math.Pow(10, i % 12)).ToString("F" + (i % 9),
                System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();

        var batch = new Normalizer(Empty, LoadId).Normalize(Csv("numbers", ["x"], [.. texts.Select(t => new[] { t })]), Hints("numbers"));

        var numbers = batch.Table("numbers");
        Assert.Equal(DataType.Double, numbers.Column("x").Type);
        Assert.Equal(texts.Select(t => (object?)double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)), numbers.Values("x"));
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("2024-13-01")]
    [InlineData("2024-05-01T25:00:00Z")]
    [InlineData("2024-05-01T10:00:00+0")]
    [InlineData("2024-05-01X10:00:00")]
    [InlineData("24-05-01")]
    public void Normalize_CsvTextThatOnlyLooksLikeADate_StaysText(string text)
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Csv("orders", ["when"], [text]), Hints());

        var orders = batch.Table("orders");
        Assert.Equal(DataType.Text, orders.Column("when").Type);
        Assert.Equal([text], orders.Values("when"));
    }

    [Fact]
    public void Normalize_TypedTabularValues_ConvertedToTheRepresentation()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Typed("orders",
            ["id", "at", "amount", "paid", "notes"],
            [DataType.BigInt, DataType.Timestamp, DataType.Decimal, DataType.Bool, DataType.Text],
            [5, new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)), 12.50m, true, null],
            [6L, new DateTime(2024, 5, 2, 9, 0, 0, DateTimeKind.Unspecified), 3m, false, null]), Hints());

        var orders = batch.Table("orders");
        Assert.Equal(["id", "at", "amount", "paid", "notes", "_dlt_load_id", "_dlt_id"], orders.ColumnNames());
        Assert.Equal([DataType.BigInt, DataType.Timestamp, DataType.Decimal, DataType.Bool, DataType.Text],
            orders.Table.Columns.Take(5).Select(c => c.Type));
        Assert.Equal([5L, 6L], orders.Values("id"));
        Assert.Equal([new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2024, 5, 2, 9, 0, 0, DateTimeKind.Utc)],
            orders.Values("at"));
        Assert.All(orders.Values("at"), v => Assert.Equal(DateTimeKind.Utc, ((DateTime)v!).Kind));
        Assert.Equal([12.50m, 3m], orders.Values("amount"));
        Assert.Equal([true, false], orders.Values("paid"));
        Assert.Equal([null, null], orders.Values("notes"));
    }

    [Fact]
    public void Normalize_HintedTypes_WinOverInference()
    {
        var hints = Hints() with
        {
            Columns = new Dictionary<string, ColumnHint>
            {
                ["Amount"] = new() { DataType = DataType.Decimal, Precision = 10, Scale = 2 },
                ["code"] = new() { DataType = DataType.Text },
                ["created"] = new() { DataType = DataType.Timestamp },
            },
        };
        var batch = new Normalizer(Empty, LoadId).Normalize(Csv("orders", ["amount", "code", "created"],
            ["12.50", "007", "2024-05-01"],
            ["abc", "8", "2024-05-01T06:00:00-01:00"]), hints);

        var orders = batch.Table("orders");
        Assert.Equal(["amount", "code", "created", "_dlt_load_id", "_dlt_id", "amount__v_text"], orders.ColumnNames());
        Assert.Equal(new ColumnSchema { Name = "amount", Type = DataType.Decimal, Precision = 10, Scale = 2 }, orders.Column("amount"));
        Assert.Equal([12.50m, null], orders.Values("amount"));
        Assert.Equal([null, "abc"], orders.Values("amount__v_text"));
        Assert.Equal(["007", "8"], orders.Values("code"));
        Assert.Equal([new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 5, 1, 7, 0, 0, DateTimeKind.Utc)],
            orders.Values("created"));
    }

    [Fact]
    public void Normalize_JsonNumberIntoHintedTextColumn_ConvertedToText()
    {
        var hints = Hints() with { Columns = new Dictionary<string, ColumnHint> { ["code"] = new() { DataType = DataType.Text } } };

        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders", """{"code": 7}""", """{"code": 2.5}"""), hints);

        Assert.Equal(["7", "2.5"], batch.Table("orders").Values("code"));
    }
}
