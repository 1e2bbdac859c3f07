using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Normalize;

/// <summary>The resource's table as its hints shape it: disposition, declared (typed) columns, primary key, not-null.</summary>
internal static class RootTable
{
    public static TableState Prepare(string name, DatasetSchema schema, ResourceHints hints, IReadOnlySet<string> createdInRun)
    {
        var existing = schema.Tables.GetValueOrDefault(name);
        var table = new TableState(name, null, existing)
        {
            Disposition = hints.Disposition,
            MergeStrategy = hints.MergeStrategy,
            Hints = hints.Columns.ToDictionary(h => WarehouseNames.Identifier(h.Key), h => h.Value, StringComparer.Ordinal),
            PrimaryKey = hints.PrimaryKey.Select(WarehouseNames.Identifier).ToHashSet(StringComparer.Ordinal),
        };
        table.Changed = existing is not null && (existing.Disposition != table.Disposition || existing.MergeStrategy != table.MergeStrategy);
        var declared = false;
        foreach (var (column, hint) in table.Hints)
        {
            var primaryKey = table.PrimaryKey.Contains(column);
            var index = table.IndexOf(column);
            if (index >= 0)
            {
                var current = table.Columns[index];
                table.Replace(index, current with
                {
                    PrimaryKey = primaryKey,
                    HardDelete = hint.HardDelete,
                    Nullable = hint.Nullable ?? (!primaryKey && current.Nullable),
                });
            }
            else if (hint.DataType is { } type)
            {
                // A typed hint declares the column: it exists before any data, no contract applies to it (dlt).
                table.Add(new ColumnSchema
                {
                    Name = column,
                    Type = type,
                    Nullable = hint.Nullable ?? !primaryKey,
                    PrimaryKey = primaryKey,
                    HardDelete = hint.HardDelete,
                    Precision = hint.Precision,
                    Scale = hint.Scale,
                });
            }
            declared |= hint.DataType is not null;
        }
        foreach (var column in table.PrimaryKey.Where(c => !table.Hints.ContainsKey(c) && table.IndexOf(c) >= 0))
        {
            var index = table.IndexOf(column);
            table.Replace(index, table.Columns[index] with { PrimaryKey = true, Nullable = false });
        }
        if (table.Exists && table.Disposition == WriteDisposition.Merge && table.MergeStrategy == MergeStrategy.Scd2)
        {
            table.AddValidity();
        }
        // dlt: a table is new (its columns evolve whatever the contract) until it has columns of its own or declared ones.
        table.ColumnsRelaxed = !declared && (!table.Exists || createdInRun.Contains(name));
        table.Required.AddRange(table.Columns.Where(c => !c.Nullable && !DltColumns.IsSystem(c.Name)).Select(c => c.Name));
        table.Required.AddRange(table.Hints.Where(h => h.Value.Nullable == false).Select(h => h.Key)
            .Concat(table.PrimaryKey).Where(c => !table.Required.Contains(c)).Distinct());
        return table;
    }
}
