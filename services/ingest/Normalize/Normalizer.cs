using System.Globalization;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Normalize;

/// <summary>
/// dlt's normalize step for one load: turns source batches into rows per warehouse table, aligned with the table's
/// columns, and evolves the dataset schema as the data and the resource's hints and schema contract allow.
/// </summary>
/// <remarks>
/// One instance per load (it is not thread-safe); batches of several resources may pass through it. A batch either
/// normalizes whole or throws (<see cref="LoadFailedException"/> for a frozen contract), leaving <see cref="Schema"/>
/// as it was. Values in the rows: bool, long, double, decimal, string (text and json), DateTime UTC, DateOnly, null.
/// </remarks>
public sealed class Normalizer(DatasetSchema schema, Guid loadId) : IBatchNormalizer
{
    private readonly string _loadId = loadId.ToString("D", CultureInfo.InvariantCulture);
    private readonly RowIds _ids = new();
    // Tables this load created: dlt lets their columns evolve for the whole load whatever the columns contract says.
    private readonly HashSet<string> _createdInRun = new(StringComparer.Ordinal);

    /// <summary>The schema with every change the batches so far made (its Version bumped once per changing batch).</summary>
    public DatasetSchema Schema { get; private set; } = schema;

    /// <summary>Maximum levels of nested objects and lists unpacked into columns and child tables; deeper ones stay json.</summary>
    public static int MaxNesting => DocumentNormalizer.MaxNesting;

    public static string SchemaHash(DatasetSchema schema) => DatasetSchemaJson.Hash(schema);

    public string SchemaHash() => SchemaHash(Schema);

    /// <summary>The table a resource loads into: dlt's `table_name` hint or the resource name, in snake_case.</summary>
    public static string TableName(ResourceHints hints, string resource) => WarehouseNames.Identifier(hints.TableName ?? resource);

    /// <exception cref="LoadFailedException">A freeze contract met a new table, column or variant, or two source columns
    /// normalize to the same name.</exception>
    public NormalizedBatch Normalize(SourceBatch batch, ResourceHints hints)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(hints);
        var context = new BatchContext(Schema, batch, hints, _loadId, _ids, _createdInRun);
        foreach (var rejected in batch.Rejected)
        {
            context.Quarantined.Add(new QuarantinedRecord(context.Root.Name, rejected.Position, rejected.Reason, null, rejected.Raw));
        }
        if (batch.Documents.Count > 0)
        {
            new DocumentNormalizer(context).Run();
        }
        else if (batch.Rows.Count > 0)
        {
            TabularNormalizer.Run(context);
        }
        var (evolved, tables, created) = context.Finish();
        Schema = evolved;
        _createdInRun.UnionWith(created);
        return new NormalizedBatch
        {
            Resource = batch.Resource,
            Tables = tables,
            Quarantined = context.Quarantined,
            StateAfter = batch.StateAfter,
            Bytes = batch.Bytes,
        };
    }
}
