using System.Text.Json;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Normalize.Batches;

namespace MlOps.Ingest.Tests.Normalize;

public sealed class SchemaJsonTests
{
    private static readonly TableSchema A = new()
    {
        Name = "a",
        Disposition = WriteDisposition.Merge,
        MergeStrategy = MergeStrategy.Upsert,
        Columns = [new ColumnSchema { Name = "id", Type = DataType.BigInt, Nullable = false, PrimaryKey = true }],
    };

    private static readonly TableSchema B = new()
    {
        Name = "b",
        Parent = "a",
        Columns = [new ColumnSchema { Name = "v", Type = DataType.Decimal, Precision = 10, Scale = 2 }],
    };

    [Fact]
    public void SchemaHash_KnownSchema_IsTheSha256OfItsCanonicalJson()
    {
        var schema = new DatasetSchema { Name = "ds", Tables = new Dictionary<string, TableSchema> { ["a"] = A, ["b"] = B }, Version = 7 };

        // sha256 of the canonical JSON (tables by name, every field), computed with Python's hashlib.
        Assert.Equal("15f65025b694d3ac143ee3913d247d4841b85b46466d84b2894cf0c41f42914b", Normalizer.SchemaHash(schema));
    }

    [Fact]
    public void SchemaHash_TablesInAnotherOrderOrAnotherVersion_SameHash()
    {
        var one = new DatasetSchema { Name = "ds", Tables = new Dictionary<string, TableSchema> { ["a"] = A, ["b"] = B }, Version = 1 };
        var other = new DatasetSchema { Name = "ds", Tables = new Dictionary<string, TableSchema> { ["b"] = B, ["a"] = A }, Version = 2 };

        Assert.Equal(Normalizer.SchemaHash(one), Normalizer.SchemaHash(other));
    }

    [Fact]
    public void SchemaHash_ColumnAdded_HashChanges()
    {
        var normalizer = new Normalizer(Empty, LoadId);
        normalizer.Normalize(Json("orders", """{"id": 1}"""), Hints());
        var before = Normalizer.SchemaHash(normalizer.Schema);

        normalizer.Normalize(Json("orders", """{"id": 2}"""), Hints());
        var unchanged = Normalizer.SchemaHash(normalizer.Schema);
        normalizer.Normalize(Json("orders", """{"id": 3, "note": "x"}"""), Hints());

        Assert.Equal(before, unchanged);
        Assert.NotEqual(before, Normalizer.SchemaHash(normalizer.Schema));
        Assert.Equal(2, normalizer.Schema.Version);
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryField()
    {
        var variant = new ColumnSchema { Name = "v__v_text", Type = DataType.Text, VariantOf = "v", HardDelete = true };
        var schema = new DatasetSchema
        {
            Name = "ds",
            Tables = new Dictionary<string, TableSchema> { ["a"] = A, ["b"] = B with { Columns = [.. B.Columns, variant] } },
            Version = 3,
        };

        var json = DatasetSchemaJson.Serialize(schema);
        var back = DatasetSchemaJson.Deserialize(json);

        Assert.Equal(Normalizer.SchemaHash(schema), Normalizer.SchemaHash(back));
        Assert.Equal(3, back.Version);
        Assert.Equal(A.Columns, back.Tables["a"].Columns);
        Assert.Equal([B.Columns[0], variant], back.Tables["b"].Columns);
        Assert.Equal((WriteDisposition.Merge, MergeStrategy.Upsert, (string?)null), (back.Tables["a"].Disposition, back.Tables["a"].MergeStrategy, back.Tables["a"].Parent));
        using var document = JsonDocument.Parse(json);
        var id = document.RootElement.GetProperty("tables").GetProperty("a").GetProperty("columns")[0];
        Assert.Equal("bigint", id.GetProperty("type").GetString());
        Assert.False(id.GetProperty("nullable").GetBoolean());
        Assert.Equal("upsert", document.RootElement.GetProperty("tables").GetProperty("a").GetProperty("merge_strategy").GetString());
        Assert.Equal("delete-insert", document.RootElement.GetProperty("tables").GetProperty("b").GetProperty("merge_strategy").GetString());
    }

    [Fact]
    public void Json_UnknownType_Refused()
    {
        const string json = """{"name":"ds","tables":{"a":{"name":"a","columns":[{"name":"x","type":"wei"}]}},"version":1}""";

        Assert.Throws<JsonException>(() => DatasetSchemaJson.Deserialize(json));
    }
}
