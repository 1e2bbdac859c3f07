using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Normalize;

/// <summary>
/// Tabular rows (CSV, database tables, Parquet) into the resource's table. The column plan (target index and type per
/// source column) is decided once and refreshed only when the table gains a column; per value the fast path is one
/// Span-based parse (CSV text) or a type check (typed values), writing straight into the row.
/// </summary>
internal static class TabularNormalizer
{
    public static void Run(BatchContext context)
    {
        var batch = context.Batch;
        var table = context.Root;
        var assembler = context.Assembler;
        var names = Names(batch.Columns);
        var sourceTypes = new DataType?[names.Length];
        for (var c = 0; c < names.Length; c++)
        {
            sourceTypes[c] = c < batch.ColumnTypes.Count ? batch.ColumnTypes[c] : null;
            var evolve = table.ColumnsRelaxed || context.Contract.Columns == ContractMode.Evolve;
            if (sourceTypes[c] is { } known && evolve && table.IndexOf(names[c]) < 0)
            {
                // The source knows the type: the column exists even if every value is null (dlt does so for Arrow).
                table.Add(new ColumnSchema { Name = names[c], Type = known, PrimaryKey = table.PrimaryKey.Contains(names[c]) });
            }
        }
        var indexes = new int[names.Length];
        var types = new DataType[names.Length];
        var planned = -1;
        for (var r = 0; r < batch.Rows.Count; r++)
        {
            if (planned != table.Columns.Count)
            {
                planned = Plan(table, names, indexes, types);
            }
            var values = batch.Rows[r];
            assembler.Begin(table);
            var row = assembler.Row;
            for (var c = 0; c < names.Length && c < values.Length; c++)
            {
                var value = values[c];
                if (value is null)
                {
                    continue;
                }
                var index = indexes[c];
                // A string the source did not type is text to infer; one it calls json is JSON text to check.
                if (sourceTypes[c] is null or DataType.Json && value is string text)
                {
                    if (text.Length == 0)
                    {
                        continue;
                    }
                    if (index >= 0 && index < row.Length && TextValues.TryParse(text, types[c], out var parsed))
                    {
                        row[index] = parsed;
                        continue;
                    }
                    assembler.Put(names[c], text, DataType.Text, CellOrigin.CsvText);
                }
                else if (index >= 0 && index < row.Length && ValueCoercion.Fits(value, types[c]))
                {
                    row[index] = value;
                }
                else
                {
                    assembler.Put(names[c], ValueCoercion.Represent(value, out var type), type, CellOrigin.Typed);
                }
            }
            if (!assembler.Commit())
            {
                context.Quarantine(table.Name, r, assembler.DiscardReason!, null, JsonText.Row(batch.Columns, values));
                continue;
            }
            context.QuarantineDiscardedValues(table.Name, r);
            row = assembler.Row;
            row[table.LoadIdIndex] = context.LoadId;
            row[table.IdIndex] = context.RootRowId(row);
        }
    }

    private static int Plan(TableState table, string[] names, int[] indexes, DataType[] types)
    {
        for (var c = 0; c < names.Length; c++)
        {
            indexes[c] = table.IndexOf(names[c]);
            types[c] = indexes[c] >= 0 ? table.Columns[indexes[c]].Type : DataType.Text;
        }
        return table.Columns.Count;
    }

    private static string[] Names(IReadOnlyList<string> columns)
    {
        var names = new string[columns.Count];
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < names.Length; c++)
        {
            names[c] = WarehouseNames.Identifier(columns[c]);
            if (!seen.TryAdd(names[c], columns[c]))
            {
                throw new LoadFailedException($"source columns '{seen[names[c]]}' and '{columns[c]}' both normalize to '{names[c]}'");
            }
        }
        return names;
    }
}
