using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;
using static MlOps.Ingest.Tests.Normalize.Batches;

namespace MlOps.Ingest.Tests.Normalize;

public sealed class ContractTests
{
    private static ResourceHints With(ContractMode tables = ContractMode.Evolve, ContractMode columns = ContractMode.Evolve,
        ContractMode dataType = ContractMode.Evolve) => Hints() with { Contract = new SchemaContract(tables, columns, dataType) };

    /// <summary>A dataset an earlier load created: orders(id bigint, amount bigint).</summary>
    private static DatasetSchema Existing()
    {
        var normalizer = new Normalizer(Empty, Guid.NewGuid());
        normalizer.Normalize(Json("orders", """{"id": 1, "amount": 10}"""), Hints());
        return normalizer.Schema;
    }

    [Fact]
    public void Tables_FreezeOnANewTable_ThrowsAndLeavesTheSchema()
    {
        var normalizer = new Normalizer(Empty, LoadId);

        var error = Assert.Throws<LoadFailedException>(() => normalizer.Normalize(Json("orders", """{"id": 1}"""), With(tables: ContractMode.Freeze)));

        Assert.Equal("new table 'orders' is not allowed by the schema contract (tables: freeze)", error.Message);
        Assert.Same(Empty.Name, normalizer.Schema.Name);
        Assert.Empty(normalizer.Schema.Tables);
        Assert.Equal(0, normalizer.Schema.Version);
    }

    [Fact]
    public void Tables_FreezeOnAnExistingTable_Loads()
    {
        var batch = new Normalizer(Existing(), LoadId).Normalize(Json("orders", """{"id": 2, "amount": 5}"""), With(tables: ContractMode.Freeze));

        Assert.Equal([2L], batch.Table("orders").Values("id"));
    }

    [Theory]
    [InlineData(ContractMode.DiscardRow, "discard_row")]
    [InlineData(ContractMode.DiscardValue, "discard_value")]
    public void Tables_DiscardOnANewTable_EveryRowQuarantined(ContractMode mode, string name)
    {
        var normalizer = new Normalizer(Empty, LoadId);

        var batch = normalizer.Normalize(Json("orders", """{"id": 1}""", """{"id": 2}"""), With(tables: mode));

        Assert.Empty(batch.Tables);
        var reason = $"new table 'orders' is not allowed by the schema contract (tables: {name})";
        Assert.Equal(
            [new QuarantinedRecord("orders", "item 1", reason, null, """{"id": 1}"""), new QuarantinedRecord("orders", "item 2", reason, null, """{"id": 2}""")],
            batch.Quarantined);
        Assert.Empty(normalizer.Schema.Tables);
    }

    [Fact]
    public void Tables_FreezeOnANewChildTable_ThrowsNamingIt()
    {
        var normalizer = new Normalizer(Existing(), LoadId);

        var error = Assert.Throws<LoadFailedException>(() =>
            normalizer.Normalize(Json("orders", """{"id": 2, "items": [{"x": 1}]}"""), With(tables: ContractMode.Freeze)));

        Assert.Equal("new table 'orders__items' is not allowed by the schema contract (tables: freeze)", error.Message);
    }

    [Fact]
    public void Tables_DiscardRowOnANewChildTable_ParentLoadsChildRowsQuarantined()
    {
        var batch = new Normalizer(Existing(), LoadId).Normalize(Json("orders",
            """{"id": 2, "items": [{"x": 1}, {"x": 2}]}"""), With(tables: ContractMode.DiscardRow));

        Assert.Equal([2L], batch.Table("orders").Values("id"));
        Assert.Equal("orders", Assert.Single(batch.Tables).Table.Name);
        var reason = "new table 'orders__items' is not allowed by the schema contract (tables: discard_row)";
        Assert.Equal(
            [new QuarantinedRecord("orders__items", "item 1", reason, null, """{"x": 1}"""),
             new QuarantinedRecord("orders__items", "item 1", reason, null, """{"x": 2}""")],
            batch.Quarantined);
    }

    [Fact]
    public void Columns_FreezeOnANewColumn_ThrowsNamingTableColumnAndType()
    {
        var normalizer = new Normalizer(Existing(), LoadId);
        var before = normalizer.Schema;

        var error = Assert.Throws<LoadFailedException>(() =>
            normalizer.Normalize(Json("orders", """{"id": 2, "note": "hi"}"""), With(columns: ContractMode.Freeze)));

        Assert.Equal("table 'orders': new column 'note' of type text is not allowed by the schema contract (columns: freeze)", error.Message);
        Assert.Same(before, normalizer.Schema);
    }

    [Fact]
    public void Columns_DiscardRow_RowWithTheNewColumnQuarantinedOthersLoad()
    {
        var normalizer = new Normalizer(Existing(), LoadId);
        var version = normalizer.Schema.Version;

        var batch = normalizer.Normalize(Json("orders", """{"id": 2, "note": "hi"}""", """{"id": 3}"""), With(columns: ContractMode.DiscardRow));

        Assert.Equal([3L], batch.Table("orders").Values("id"));
        Assert.Equal(["id", "amount", "_dlt_load_id", "_dlt_id"], batch.Table("orders").ColumnNames());
        var reason = "table 'orders': new column 'note' of type text is not allowed by the schema contract (columns: discard_row)";
        Assert.Equal(new QuarantinedRecord("orders", "item 1", reason, null, """{"id": 2, "note": "hi"}"""), Assert.Single(batch.Quarantined));
        Assert.Equal(version, normalizer.Schema.Version);
    }

    [Fact]
    public void Columns_DiscardValue_RowLoadsWithoutTheValue()
    {
        var batch = new Normalizer(Existing(), LoadId).Normalize(Json("orders", """{"id": 2, "note": "hi", "amount": 3}"""),
            With(columns: ContractMode.DiscardValue));

        var orders = batch.Table("orders");
        Assert.Equal(["id", "amount", "_dlt_load_id", "_dlt_id"], orders.ColumnNames());
        Assert.Equal([2L, 3L], orders.Rows[0].Take(2));
        var reason = "table 'orders': new column 'note' of type text is not allowed by the schema contract (columns: discard_value)";
        Assert.Equal(new QuarantinedRecord("orders", "item 1", reason, "note", "\"hi\""), Assert.Single(batch.Quarantined));
    }

    [Fact]
    public void Columns_DiscardRowInCsv_OnlyRowsWithAValueThereQuarantined()
    {
        var normalizer = new Normalizer(Empty, Guid.NewGuid());
        normalizer.Normalize(Csv("orders", ["id"], ["1"]), Hints());

        var batch = new Normalizer(normalizer.Schema, LoadId).Normalize(Csv("orders", ["id", "note"], ["2", ""], ["3", "x"]),
            With(columns: ContractMode.DiscardRow));

        Assert.Equal([2L], batch.Table("orders").Values("id"));
        var quarantined = Assert.Single(batch.Quarantined);
        Assert.Equal(("line 3", """{"id":"3","note":"x"}"""), (quarantined.Position, quarantined.Raw));
    }

    [Fact]
    public void Columns_FreezeOnATableThisLoadCreates_ColumnsStillEvolve()
    {
        var normalizer = new Normalizer(Empty, LoadId);
        var frozen = With(columns: ContractMode.Freeze);

        normalizer.Normalize(Json("orders", """{"id": 1}"""), frozen);
        var batch = normalizer.Normalize(Json("orders", """{"id": 2, "note": "x"}"""), frozen);

        Assert.Equal(["x"], batch.Table("orders").Values("note"));
        var nextLoad = new Normalizer(normalizer.Schema, Guid.NewGuid());
        Assert.Throws<LoadFailedException>(() => nextLoad.Normalize(Json("orders", """{"id": 3, "extra": 1}"""), frozen));
    }

    [Fact]
    public void Columns_FreezeOnATableDeclaredByHints_UndeclaredColumnThrows()
    {
        var hints = With(columns: ContractMode.Freeze) with
        {
            Columns = new Dictionary<string, ColumnHint> { ["id"] = new() { DataType = DataType.BigInt } },
        };

        var error = Assert.Throws<LoadFailedException>(() =>
            new Normalizer(Empty, LoadId).Normalize(Json("orders", """{"id": 1, "x": 2.5}"""), hints));

        Assert.Equal("table 'orders': new column 'x' of type double is not allowed by the schema contract (columns: freeze)", error.Message);
    }

    [Fact]
    public void DataType_FreezeOnAVariant_ThrowsNamingTableColumnAndTypes()
    {
        var error = Assert.Throws<LoadFailedException>(() => new Normalizer(Existing(), LoadId)
            .Normalize(Json("orders", """{"id": 2, "amount": "n/a"}"""), With(dataType: ContractMode.Freeze)));

        Assert.Equal("table 'orders': variant column 'amount__v_text' (column 'amount' is bigint, the value is text) is not allowed "
            + "by the schema contract (data_type: freeze)", error.Message);
    }

    [Fact]
    public void DataType_DiscardRow_RowQuarantinedOthersLoad()
    {
        var batch = new Normalizer(Existing(), LoadId).Normalize(Json("orders",
            """{"id": 2, "amount": "n/a"}""", """{"id": 3, "amount": "7"}"""), With(dataType: ContractMode.DiscardRow));

        var orders = batch.Table("orders");
        Assert.Equal(["id", "amount", "_dlt_load_id", "_dlt_id"], orders.ColumnNames());
        Assert.Equal([3L], orders.Values("id"));
        Assert.Equal([7L], orders.Values("amount"));
        var quarantined = Assert.Single(batch.Quarantined);
        Assert.Equal(("item 1", null, """{"id": 2, "amount": "n/a"}"""), (quarantined.Position, quarantined.Column, quarantined.Raw));
        Assert.EndsWith("(data_type: discard_row)", quarantined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DataType_DiscardValueInCsv_ValueQuarantinedRowLoads()
    {
        var normalizer = new Normalizer(Empty, Guid.NewGuid());
        normalizer.Normalize(Csv("orders", ["id", "amount"], ["1", "10"]), Hints());

        var batch = new Normalizer(normalizer.Schema, LoadId).Normalize(Csv("orders", ["id", "amount"], ["2", "5"], ["3", "n/a"]),
            With(dataType: ContractMode.DiscardValue));

        var orders = batch.Table("orders");
        Assert.Equal([2L, 3L], orders.Values("id"));
        Assert.Equal([5L, null], orders.Values("amount"));
        var reason = "table 'orders': variant column 'amount__v_text' (column 'amount' is bigint, the value is text) is not allowed "
            + "by the schema contract (data_type: discard_value)";
        Assert.Equal(new QuarantinedRecord("orders", "line 3", reason, "amount", "\"n/a\""), Assert.Single(batch.Quarantined));
    }

    [Fact]
    public void DataType_FreezeWhenTheVariantColumnExists_Loads()
    {
        var earlier = new Normalizer(Existing(), Guid.NewGuid());
        earlier.Normalize(Json("orders", """{"id": 2, "amount": "n/a"}"""), Hints());

        var batch = new Normalizer(earlier.Schema, LoadId).Normalize(Json("orders", """{"id": 3, "amount": "none"}"""),
            With(ContractMode.Freeze, ContractMode.Freeze, ContractMode.Freeze));

        Assert.Equal(["none"], batch.Table("orders").Values("amount__v_text"));
        Assert.Empty(batch.Quarantined);
    }
}
