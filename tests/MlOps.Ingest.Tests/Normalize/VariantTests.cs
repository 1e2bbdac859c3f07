using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;
using static MlOps.Ingest.Tests.Normalize.Batches;

namespace MlOps.Ingest.Tests.Normalize;

public sealed class VariantTests
{
    [Fact]
    public void Normalize_JsonValuesOfAnotherType_GoToVariantColumns()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders",
            """{"amount": 10}""", """{"amount": "n/a"}""", """{"amount": 2.5}""", """{"amount": "12"}""", """{"amount": 4.0}"""), Hints());

        var orders = batch.Table("orders");
        Assert.Equal(["amount", "_dlt_load_id", "_dlt_id", "amount__v_text", "amount__v_double"], orders.ColumnNames());
        Assert.Equal([10L, null, null, 12L, 4L], orders.Values("amount"));
        Assert.Equal([null, "n/a", null, null, null], orders.Values("amount__v_text"));
        Assert.Equal([null, null, 2.5, null, null], orders.Values("amount__v_double"));
        Assert.Equal(new ColumnSchema { Name = "amount__v_text", Type = DataType.Text, VariantOf = "amount" }, orders.Column("amount__v_text"));
        Assert.All(orders.Rows, r => Assert.Equal(5, r.Length));
    }

    [Fact]
    public void Normalize_BigIntIntoDoubleColumn_Widened()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders", """{"price": 1.5}""", """{"price": 2}"""), Hints());

        var orders = batch.Table("orders");
        Assert.Equal(["price", "_dlt_load_id", "_dlt_id"], orders.ColumnNames());
        Assert.Equal([1.5, 2.0], orders.Values("price"));
    }

    [Fact]
    public void Normalize_CsvTextThatDoesNotParse_GoesToTheTextVariant()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Csv("orders", ["amount", "paid"],
            ["12", "true"], ["n/a", "maybe"], ["7.0", "FALSE"]), Hints());

        var orders = batch.Table("orders");
        Assert.Equal(["amount", "paid", "_dlt_load_id", "_dlt_id", "amount__v_text", "paid__v_text"], orders.ColumnNames());
        Assert.Equal([12L, null, 7L], orders.Values("amount"));
        Assert.Equal([null, "n/a", null], orders.Values("amount__v_text"));
        Assert.Equal([true, null, false], orders.Values("paid"));
        Assert.Equal([null, "maybe", null], orders.Values("paid__v_text"));
    }

    [Fact]
    public void Normalize_TimestampColumnGetsANumber_VariantBigInt()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Json("events",
            """{"at": "2024-05-01T00:00:00Z"}""", """{"at": 1714521600}""", """{"at": "2024-05-02"}"""), Hints("events"));

        var events = batch.Table("events");
        Assert.Equal(
            [new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc), null, new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc)],
            events.Values("at"));
        Assert.Equal([null, 1714521600L, null], events.Values("at__v_bigint"));
    }

    [Fact]
    public void Normalize_NotNullHint_RowsWithoutTheValueQuarantined()
    {
        var hints = Hints() with { Columns = new Dictionary<string, ColumnHint> { ["email"] = new() { Nullable = false } } };

        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders",
            """{"id": 1, "email": "a@x.org"}""", """{"id": 2}""", """{"id": 3, "email": null}"""), hints);

        var orders = batch.Table("orders");
        Assert.Equal([1L], orders.Values("id"));
        Assert.False(orders.Column("email").Nullable);
        const string Reason = "table 'orders': column 'email' is not nullable and got no value";
        Assert.Equal(
            [
                new QuarantinedRecord("orders", "item 2", Reason, null, """{"id": 2}"""),
                new QuarantinedRecord("orders", "item 3", Reason, null, """{"id": 3, "email": null}"""),
            ],
            batch.Quarantined);
    }

    [Fact]
    public void Normalize_PrimaryKeyMissing_RowQuarantined()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Csv("orders", ["id", "name"], ["1", "a"], ["", "b"]),
            Hints() with { PrimaryKey = ["ID"] });

        Assert.Equal([1L], batch.Table("orders").Values("id"));
        var quarantined = Assert.Single(batch.Quarantined);
        Assert.Equal("line 3", quarantined.Position);
        Assert.Equal("""{"id":"","name":"b"}""", quarantined.Raw);
        Assert.Contains("'id' is not nullable", quarantined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_RejectedRecords_QuarantinedAsTheyAre()
    {
        var batch = Csv("orders", ["id"], ["1"]) with { Rejected = [new RejectedRecord("line 7", "unterminated quote", "\"abc")] };

        var normalized = new Normalizer(Empty, LoadId).Normalize(batch, Hints());

        Assert.Equal([1L], normalized.Table("orders").Values("id"));
        Assert.Equal(new QuarantinedRecord("orders", "line 7", "unterminated quote", null, "\"abc"), Assert.Single(normalized.Quarantined));
    }
}
