using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Normalize.Batches;

namespace MlOps.Ingest.Tests.Normalize;

public sealed class EvolutionTests
{
    [Fact]
    public void Normalize_CsvBatchesWithANewColumnLater_SchemaEvolvesAndRowsAlign()
    {
        var normalizer = new Normalizer(Empty, LoadId);

        var first = normalizer.Normalize(Csv("customers", ["Id", "Name"], ["1", "Ada"], ["2", "Bob"]), Hints("customers"));
        var second = normalizer.Normalize(Csv("customers", ["Id", "Name", "Email"], ["3", "Cy", "cy@example.org"]), Hints("customers"));
        var third = normalizer.Normalize(Csv("customers", ["Id", "Name", "Email"], ["4", "Di", ""]), Hints("customers"));

        Assert.Equal(["id", "name", "_dlt_load_id", "_dlt_id"], first.Table("customers").ColumnNames());
        Assert.All(first.Table("customers").Rows, r => Assert.Equal(4, r.Length));
        var rows = second.Table("customers");
        Assert.Equal(["id", "name", "_dlt_load_id", "_dlt_id", "email"], rows.ColumnNames());
        Assert.Equal([3L, "Cy"], rows.Rows[0].Take(2));
        Assert.Equal("cy@example.org", rows.Rows[0][4]);
        Assert.Equal([null], third.Table("customers").Values("email"));
        Assert.Equal(2, normalizer.Schema.Version);
        Assert.Equal(["id", "name", "_dlt_load_id", "_dlt_id", "email"], normalizer.Schema.Tables["customers"].Columns.Select(c => c.Name));
    }

    [Fact]
    public void Normalize_ColumnAppearsMidBatch_EarlierRowsPaddedWithNull()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Csv("notes", ["id", "note"], ["1", ""], ["2", "x"], ["3", ""]), Hints("notes"));

        var notes = batch.Table("notes");
        Assert.Equal(["id", "_dlt_load_id", "_dlt_id", "note"], notes.ColumnNames());
        Assert.All(notes.Rows, r => Assert.Equal(4, r.Length));
        Assert.Equal([null, "x", null], notes.Values("note"));
    }

    [Fact]
    public void Normalize_DocumentsWithDifferentFields_AlignedToTheUnionOfColumns()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Json("events", """{"a": 1}""", """{"b": "x", "a": 2}""", """{}"""), Hints("events"));

        var events = batch.Table("events");
        Assert.Equal(["a", "_dlt_load_id", "_dlt_id", "b"], events.ColumnNames());
        Assert.Equal([1L, 2L, null], events.Values("a"));
        Assert.Equal([null, "x", null], events.Values("b"));
    }

    [Fact]
    public void Normalize_TypedColumnAllNull_ColumnStillCreated()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(
            Typed("orders", ["id", "shipped"], [DataType.BigInt, DataType.Timestamp], [1L, null]), Hints());

        Assert.Equal(DataType.Timestamp, batch.Table("orders").Column("shipped").Type);
    }

    [Fact]
    public void Normalize_TwoSourceColumnsWithTheSameNormalizedName_Fails()
    {
        var error = Assert.Throws<Loading.LoadFailedException>(() =>
            new Normalizer(Empty, LoadId).Normalize(Csv("orders", ["userId", "user_id"], ["1", "2"]), Hints()));

        Assert.Equal("source columns 'userId' and 'user_id' both normalize to 'user_id'", error.Message);
    }

    [Fact]
    public void Normalize_TableNameHint_NamesTheTable()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders-v2", """{"id": 1}"""), Hints() with { TableName = "Order Archive" });

        Assert.Equal("order_archive", Assert.Single(batch.Tables).Table.Name);
        Assert.Equal("orders-v2", batch.Resource);
    }
}
