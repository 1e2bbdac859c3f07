using System.Globalization;
using MlOps.Trainer.Training;
using Npgsql;

namespace MlOps.Trainer.Services;

/// <summary>Reads a planned table's rows into columns: numbers and booleans as floats (null as missing), text as categories, a 0/1 label.</summary>
public static class WarehouseRows
{
    public const string LoadIdColumn = "_dlt_load_id";
    public const string LoadsTable = "_dlt_loads";

    /// <param name="load">The one load whose rows to read, or null for the rows of every committed load.</param>
    public static async Task<TabularData> ReadAsync(NpgsqlConnection connection, string schema, string table, WarehousePlan plan,
        IReadOnlyDictionary<string, string> columns, string? load, WarehouseOptions options, CancellationToken cancellationToken)
    {
        var spec = plan.Spec;
        var select = spec.NumericFeatures
            .Select(c => columns[c] == "boolean" ? $"CAST({Q(c)} AS integer)::float8" : $"CAST({Q(c)} AS float8)")
            .Concat(spec.CategoricalFeatures.Select(Q))
            .Append(plan.BooleanLabel ? Q(spec.Label) : $"CAST({Q(spec.Label)} AS float8)");
        var from = $"{Q(schema)}.{Q(table)}";
        var filter = load is null
            ? $"{Q(LoadIdColumn)} IN (SELECT load_id FROM {Q(schema)}.{Q(LoadsTable)} WHERE status = 0)"
            : $"{Q(LoadIdColumn)} = $1";
        // A stable order: the holdout split is seeded, so the same rows give the same model. Row ids of appended rows are
        // random per load, so within a load the rows are ordered by their values (every selected column, by position).
        var order = string.Join(", ", new[] { Q(LoadIdColumn) }.Concat(Enumerable.Range(1, select.Count()).Select(i => i.ToString(CultureInfo.InvariantCulture))));
        var limit = (options.MaxRows + 1).ToString(CultureInfo.InvariantCulture);
        // Each row's load last: the drifted window is the newest load's rows.
        await using var query = new NpgsqlCommand(
            $"SELECT {string.Join(", ", select.Append(Q(LoadIdColumn)))} FROM {from} WHERE {filter} ORDER BY {order} LIMIT {limit}", connection);
        if (load is not null)
        {
            query.Parameters.AddWithValue(load);
        }
        var numeric = spec.NumericFeatures.Select(_ => new List<float>()).ToArray();
        var text = spec.CategoricalFeatures.Select(_ => new List<string>()).ToArray();
        var label = new List<bool>();
        var loads = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (label.Count == options.MaxRows)
                {
                    throw new TrainingDataUnavailableException($"Table '{table}' has more than {options.MaxRows} rows for this load, " +
                        $"the most a run reads ({WarehouseOptions.SectionName}:MaxRows).", "data.load");
                }
                for (var i = 0; i < numeric.Length; i++)
                {
                    numeric[i].Add(reader.IsDBNull(i) ? float.NaN : (float)reader.GetDouble(i));
                }
                for (var i = 0; i < text.Length; i++)
                {
                    text[i].Add(reader.IsDBNull(numeric.Length + i) ? "" : reader.GetString(numeric.Length + i));
                }
                label.Add(Label(reader, numeric.Length + text.Length, plan, table));
                var loadId = reader.GetString(numeric.Length + text.Length + 1);
                // Rows come load by load: one string per load, not per row.
                loads.Add(loads.Count > 0 && loads[^1] == loadId ? loads[^1] : loadId);
            }
        }
        Check(label, spec.Label, table, options);
        return new TabularData
        {
            Spec = spec,
            Numeric = spec.NumericFeatures.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => numeric[p.i].ToArray()),
            Categorical = spec.CategoricalFeatures.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => text[p.i].ToArray()),
            Label = [.. label],
            LoadIds = loads,
        };
    }

    private static bool Label(NpgsqlDataReader reader, int ordinal, WarehousePlan plan, string table)
    {
        if (reader.IsDBNull(ordinal))
        {
            throw new TrainingDataUnavailableException(
                $"Label column '{plan.Spec.Label}' of table '{table}' has empty values.", "data.labelColumn");
        }
        if (plan.BooleanLabel)
        {
            return reader.GetBoolean(ordinal);
        }
        return reader.GetDouble(ordinal) switch
        {
            0 => false,
            1 => true,
            var other => throw new TrainingDataUnavailableException(
                $"Label column '{plan.Spec.Label}' has the value {other.ToString(CultureInfo.InvariantCulture)}: a binary label must be 0 or 1.",
                "data.labelColumn"),
        };
    }

    private static void Check(List<bool> label, string column, string table, WarehouseOptions options)
    {
        if (label.Count < options.MinRows)
        {
            throw new TrainingDataUnavailableException($"Table '{table}' has {label.Count} rows for this load; " +
                $"a run needs at least {options.MinRows} ({WarehouseOptions.SectionName}:MinRows).", "data.load");
        }
        if (label.All(l => l) || !label.Any(l => l))
        {
            throw new TrainingDataUnavailableException($"Label column '{column}' has only {(label[0] ? "true (1)" : "false (0)")} values: " +
                "a binary classifier needs both classes.", "data.labelColumn");
        }
    }

    private static string Q(string identifier) => WarehouseTrainingData.Quote(identifier);
}
