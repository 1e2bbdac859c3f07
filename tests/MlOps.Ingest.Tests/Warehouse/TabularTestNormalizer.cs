using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>A stand-in for the real normalizer: typed tabular rows only, one table per resource, dlt's two root system columns.</summary>
internal sealed class TabularTestNormalizer(DatasetSchema schema, Guid loadId) : IBatchNormalizer
{
    private readonly Dictionary<string, TableSchema> _tables = new(schema.Tables);

    public DatasetSchema Schema => schema with { Tables = new Dictionary<string, TableSchema>(_tables) };

    public NormalizedBatch Normalize(SourceBatch batch, ResourceHints hints)
    {
        var table = new TableSchema
        {
            Name = batch.Resource,
            Disposition = hints.Disposition,
            Columns =
            [
                .. batch.Columns.Select((c, i) => new ColumnSchema { Name = c, Type = batch.ColumnTypes[i] ?? DataType.Text }),
                new ColumnSchema { Name = "_dlt_load_id", Type = DataType.Text },
                new ColumnSchema { Name = "_dlt_id", Type = DataType.Text },
            ],
        };
        _tables[table.Name] = table;
        var rows = batch.Rows.Select(r => (object?[])[.. r, loadId.ToString(), Guid.NewGuid().ToString()]).ToList();
        return new NormalizedBatch { Resource = batch.Resource, Tables = [new TableRows(table, rows)], StateAfter = batch.StateAfter };
    }

    public string SchemaHash() => string.Join(";", _tables.Keys.Order(StringComparer.Ordinal));

    public sealed class Factory : IBatchNormalizerFactory
    {
        public IBatchNormalizer Create(DatasetSchema schema, Guid loadId) => new TabularTestNormalizer(schema, loadId);
    }
}
