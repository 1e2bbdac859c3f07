using System.Text.Json;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.Normalize;

/// <summary>Source batches and look-ups into normalized ones, for the normalizer tests.</summary>
internal static class Batches
{
    public static readonly Guid LoadId = Guid.Parse("01900000-0000-7000-8000-0000000000aa");

    public static DatasetSchema Empty => new() { Name = "sales" };

    public static ResourceHints Hints(string name = "orders") => new() { Name = name };

    public static SourceBatch Json(string resource, params string[] documents) => new()
    {
        Resource = resource,
        Documents = [.. documents.Select(d => JsonDocument.Parse(d).RootElement.Clone())],
        PositionOf = i => $"item {i + 1}",
    };

    public static SourceBatch Csv(string resource, string[] columns, params string[][] rows) => new()
    {
        Resource = resource,
        Columns = columns,
        Rows = [.. rows.Select(r => r.Cast<object?>().ToArray())],
        PositionOf = i => $"line {i + 2}",
    };

    public static SourceBatch Typed(string resource, string[] columns, DataType?[] types, params object?[][] rows) => new()
    {
        Resource = resource,
        Columns = columns,
        ColumnTypes = types,
        Rows = rows,
        PositionOf = i => $"row {i + 1}",
    };

    public static TableRows Table(this NormalizedBatch batch, string name) => batch.Tables.Single(t => t.Table.Name == name);

    public static string[] ColumnNames(this TableRows rows) => [.. rows.Table.Columns.Select(c => c.Name)];

    public static ColumnSchema Column(this TableRows rows, string name) => rows.Table.Columns.Single(c => c.Name == name);

    /// <summary>One column's values, row by row.</summary>
    public static object?[] Values(this TableRows rows, string column)
    {
        var index = rows.Table.Columns.ToList().FindIndex(c => c.Name == column);
        Assert.True(index >= 0, $"no column '{column}' in {rows.Table.Name}");
        return [.. rows.Rows.Select(r => r[index])];
    }

    public static ColumnSchema Column(this DatasetSchema schema, string table, string column) =>
        schema.Tables[table].Columns.Single(c => c.Name == column);
}
