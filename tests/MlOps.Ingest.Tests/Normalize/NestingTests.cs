using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Normalize.Batches;

namespace MlOps.Ingest.Tests.Normalize;

public sealed class NestingTests
{
    private const string Order = """
        {"id": 1, "customer": {"name": "Ada", "Home Address": {"city": "Paris"}},
         "items": [{"sku": "a", "qty": 2}, {"sku": "b", "qty": 1, "tags": ["x", "y"]}], "codes": [7, 8]}
        """;

    [Fact]
    public void Normalize_NestedObjects_FlattenToDoubleUnderscoreColumns()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders", Order), Hints());

        var orders = batch.Table("orders");
        Assert.Equal(["id", "customer__name", "customer__home_address__city", "_dlt_load_id", "_dlt_id"], orders.ColumnNames());
        Assert.Equal([1L, "Ada", "Paris"], orders.Rows[0].Take(3));
        Assert.Null(orders.Table.Parent);
    }

    [Fact]
    public void Normalize_ListsOfObjectsAndScalars_BecomeLinkedChildTables()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders", Order), Hints());

        var rootId = (string)batch.Table("orders").Values("_dlt_id")[0]!;
        var items = batch.Table("orders__items");
        Assert.Equal("orders", items.Table.Parent);
        Assert.Equal(["sku", "qty", "_dlt_parent_id", "_dlt_list_idx", "_dlt_root_id", "_dlt_load_id", "_dlt_id"], items.ColumnNames());
        Assert.Equal(DataType.BigInt, items.Column("_dlt_list_idx").Type);
        Assert.Equal(["a", "b"], items.Values("sku"));
        Assert.Equal([2L, 1L], items.Values("qty"));
        Assert.Equal([rootId, rootId], items.Values("_dlt_parent_id"));
        Assert.Equal([0L, 1L], items.Values("_dlt_list_idx"));
        Assert.Equal([rootId, rootId], items.Values("_dlt_root_id"));

        var secondItemId = (string)items.Values("_dlt_id")[1]!;
        var tags = batch.Table("orders__items__tags");
        Assert.Equal("orders__items", tags.Table.Parent);
        Assert.Equal(["value", "_dlt_parent_id", "_dlt_list_idx", "_dlt_root_id", "_dlt_load_id", "_dlt_id"], tags.ColumnNames());
        Assert.Equal(["x", "y"], tags.Values("value"));
        Assert.Equal([secondItemId, secondItemId], tags.Values("_dlt_parent_id"));
        Assert.Equal([rootId, rootId], tags.Values("_dlt_root_id"));

        var codes = batch.Table("orders__codes");
        Assert.Equal([7L, 8L], codes.Values("value"));
        Assert.Equal([0L, 1L], codes.Values("_dlt_list_idx"));

        var ids = batch.Tables.SelectMany(t => t.Values("_dlt_id")).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Normalize_DeeperThanTenLevels_KeptAsJson()
    {
        // l1..l10 are unpacked; l11 would be the eleventh level, so its object stays whole.
        var document = """{"l1":{"l2":{"l3":{"l4":{"l5":{"l6":{"l7":{"l8":{"l9":{"l10":{"l11":{"l12":1}},"n":2}}}}}}}}}}""";

        var batch = new Normalizer(Empty, LoadId).Normalize(Json("deep", document), Hints("deep"));

        var deep = batch.Table("deep");
        Assert.Equal(["l1__l2__l3__l4__l5__l6__l7__l8__l9__l10__l11", "l1__l2__l3__l4__l5__l6__l7__l8__l9__n", "_dlt_load_id", "_dlt_id"],
            deep.ColumnNames());
        Assert.Equal(DataType.Json, deep.Column("l1__l2__l3__l4__l5__l6__l7__l8__l9__l10__l11").Type);
        Assert.Equal(["""{"l12":1}""", 2L], deep.Rows[0].Take(2));
        Assert.Equal(10, Normalizer.MaxNesting);
    }

    [Fact]
    public void Normalize_HintedJsonColumn_KeepsTheObjectWhole()
    {
        var hints = Hints() with { Columns = new Dictionary<string, ColumnHint> { ["payload"] = new() { DataType = DataType.Json } } };

        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders", """{"payload": {"a": [1, 2]}}""", """{"payload": "x"}"""), hints);

        Assert.Equal("orders", Assert.Single(batch.Tables).Table.Name);
        Assert.Equal(["""{"a": [1, 2]}""", "\"x\""], batch.Table("orders").Values("payload"));
    }

    [Fact]
    public void Normalize_ListInAList_GoesOneTableDeeper()
    {
        var batch = new Normalizer(Empty, LoadId).Normalize(Json("grid", """{"cells": [[1, 2], [3]]}"""), Hints("grid"));

        var rows = batch.Table("grid__cells");
        Assert.Equal(["_dlt_parent_id", "_dlt_list_idx", "_dlt_root_id", "_dlt_load_id", "_dlt_id"], rows.ColumnNames());
        var cells = batch.Table("grid__cells__list");
        Assert.Equal([1L, 2L, 3L], cells.Values("value"));
        Assert.Equal([0L, 1L, 0L], cells.Values("_dlt_list_idx"));
        var rowIds = rows.Values("_dlt_id");
        Assert.Equal([rowIds[0], rowIds[0], rowIds[1]], cells.Values("_dlt_parent_id"));
    }

    [Fact]
    public void Normalize_UpsertWithPrimaryKey_RowIdsAreTheSameOnEveryLoad()
    {
        var hints = Hints() with { Disposition = WriteDisposition.Merge, MergeStrategy = MergeStrategy.Upsert, PrimaryKey = ["id"] };
        const string document = """{"id": 1, "items": [{"x": 1}]}""";

        var first = new Normalizer(Empty, LoadId).Normalize(Json("orders", document), hints);
        var second = new Normalizer(Empty, Guid.NewGuid()).Normalize(Json("orders", """{"id": 1, "items": [{"x": 2}]}"""), hints);

        Assert.Equal(first.Table("orders").Values("_dlt_id"), second.Table("orders").Values("_dlt_id"));
        Assert.Equal(first.Table("orders__items").Values("_dlt_id"), second.Table("orders__items").Values("_dlt_id"));
        Assert.True(first.Table("orders").Column("id").PrimaryKey);
        Assert.False(first.Table("orders").Column("id").Nullable);
        Assert.Equal(WriteDisposition.Merge, first.Table("orders__items").Table.Disposition);
    }

    [Fact]
    public void Normalize_Append_RowIdsAreRandom()
    {
        var first = new Normalizer(Empty, LoadId).Normalize(Json("orders", """{"id": 1}"""), Hints());
        var second = new Normalizer(Empty, LoadId).Normalize(Json("orders", """{"id": 1}"""), Hints());

        Assert.NotEqual(first.Table("orders").Values("_dlt_id"), second.Table("orders").Values("_dlt_id"));
    }

    [Fact]
    public void Normalize_Scd2_AddsValidityColumnsAndHashesTheContent()
    {
        var hints = Hints() with { Disposition = WriteDisposition.Merge, MergeStrategy = MergeStrategy.Scd2, PrimaryKey = ["id"] };

        var batch = new Normalizer(Empty, LoadId).Normalize(Json("orders",
            """{"id": 1, "status": "new"}""", """{"id": 1, "status": "new"}""", """{"id": 1, "status": "paid"}"""), hints);

        var orders = batch.Table("orders");
        Assert.Equal(["id", "status", "_dlt_load_id", "_dlt_id", "_dlt_valid_from", "_dlt_valid_to"], orders.ColumnNames());
        Assert.Equal(DataType.Timestamp, orders.Column("_dlt_valid_from").Type);
        Assert.Equal(MergeStrategy.Scd2, orders.Table.MergeStrategy);
        var ids = orders.Values("_dlt_id");
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.Equal([null, null, null], orders.Values("_dlt_valid_from"));
    }
}
