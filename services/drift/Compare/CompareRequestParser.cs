using System.Text.Json;
using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Compare;

/// <summary>Turns the compare body into evaluable columns, or a <see cref="DriftInputException"/> naming what is wrong and where.</summary>
public static class CompareRequestParser
{
    public static CompareRequest Parse(JsonElement body, EmbeddingLimits limits)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("body", "The body must be a JSON object with 'reference' and 'current'.");
        }
        var embeddings = body.TryGetProperty("embeddings", out var embeddingSets) ? ParseEmbeddings(embeddingSets, limits) : [];
        var hasReference = body.TryGetProperty("reference", out var reference);
        var hasCurrent = body.TryGetProperty("current", out var current);
        if (!hasReference && !hasCurrent && embeddings.Count > 0)
        {
            return new CompareRequest([], embeddings, ShareThreshold(body));
        }
        if (!hasReference || !hasCurrent || reference.ValueKind != JsonValueKind.Object || current.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(hasReference && reference.ValueKind == JsonValueKind.Object ? "current" : "reference",
                "'reference' and 'current' must both be objects mapping column names to arrays of values.");
        }
        var referenceNames = reference.EnumerateObject().Select(p => p.Name).ToList();
        var currentNames = current.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var onlyReference = referenceNames.Where(n => !currentNames.Contains(n)).ToList();
        var onlyCurrent = currentNames.Where(n => !referenceNames.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (onlyReference.Count > 0 || onlyCurrent.Count > 0)
        {
            throw Invalid("current", $"The column sets differ: {Describe(onlyReference, "reference")}{(onlyReference.Count > 0 && onlyCurrent.Count > 0 ? "; " : "")}{Describe(onlyCurrent, "current")}.");
        }
        if (referenceNames.Count == 0)
        {
            throw Invalid("reference", "'reference' and 'current' name no columns.");
        }
        var specs = body.TryGetProperty("columns", out var columnSpecs) ? ParseSpecs(columnSpecs, currentNames) : [];
        var columns = referenceNames.Select(name => (name, ParseColumn(name, reference.GetProperty(name), current.GetProperty(name), specs.GetValueOrDefault(name)))).ToList();
        return new CompareRequest(columns, embeddings, ShareThreshold(body));
    }

    private static ParsedColumn ParseColumn(string name, JsonElement reference, JsonElement current, ColumnSpec? spec)
    {
        foreach (var (side, values) in new[] { ("reference", reference), ("current", current) })
        {
            if (values.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(side, $"Column '{name}' in {side} must be an array of values.");
            }
            if (values.GetArrayLength() == 0)
            {
                throw Invalid(side, $"Column '{name}' has no values in {side}.");
            }
        }
        var kind = spec?.Kind ?? (ColumnValues.LooksNumeric(reference) && ColumnValues.LooksNumeric(current) ? ColumnKind.Numeric : ColumnKind.Categorical);
        var options = new ColumnDriftOptions(spec?.Tests, spec?.Threshold);
        if (options.StatTests?.FirstOrDefault(t => t.NumericOnly && kind != ColumnKind.Numeric) is { } numericOnly)
        {
            throw Invalid("columns", $"Column '{name}' is categorical; '{numericOnly.Name}' applies to numeric columns only.");
        }
        if (kind == ColumnKind.Numeric)
        {
            var (r, droppedR) = ColumnValues.Numbers(name, "reference", reference);
            var (c, droppedC) = ColumnValues.Numbers(name, "current", current);
            RequireValuesLeft(name, r.Length, droppedR, c.Length, droppedC);
            return new ParsedColumn(ColumnSample.Numeric(r, c), options, droppedR, droppedC);
        }
        var (rl, droppedRl) = ColumnValues.Labels(name, "reference", reference);
        var (cl, droppedCl) = ColumnValues.Labels(name, "current", current);
        RequireValuesLeft(name, rl.Length, droppedRl, cl.Length, droppedCl);
        return new ParsedColumn(ColumnSample.Categorical(rl, cl), options, droppedRl, droppedCl);
    }

    private static void RequireValuesLeft(string name, int reference, int droppedReference, int current, int droppedCurrent)
    {
        if (reference == 0 || current == 0)
        {
            var (side, dropped) = reference == 0 ? ("reference", droppedReference) : ("current", droppedCurrent);
            throw new DriftInputException(StatusCodes.Status422UnprocessableEntity,
                $"Column '{name}' has no finite values left in {side}: all {dropped} were null, NaN or infinite.", side);
        }
    }

    private sealed record ColumnSpec(ColumnKind? Kind, IReadOnlyList<StatTest>? Tests, double? Threshold);

    private static Dictionary<string, ColumnSpec> ParseSpecs(JsonElement specs, HashSet<string> columns)
    {
        if (specs.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("columns", "'columns' must be an object mapping column names to {type, stattests, threshold}.");
        }
        var result = new Dictionary<string, ColumnSpec>(StringComparer.Ordinal);
        foreach (var spec in specs.EnumerateObject())
        {
            var name = spec.Name;
            if (!columns.Contains(name))
            {
                throw Invalid("columns", $"'columns' configures '{name}', which is not in the data.");
            }
            if (spec.Value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("columns", $"'columns.{name}' must be an object.");
            }
            ColumnKind? kind = spec.Value.TryGetProperty("type", out var type)
                ? type.ValueKind == JsonValueKind.String && type.GetString() is "numeric" or "categorical"
                    ? type.GetString() == "numeric" ? ColumnKind.Numeric : ColumnKind.Categorical
                    : throw Invalid("columns", $"'columns.{name}.type' must be \"numeric\" or \"categorical\".")
                : null;
            var tests = spec.Value.TryGetProperty("stattests", out var stattests) ? ParseTests(name, stattests) : null;
            double? threshold = null;
            if (spec.Value.TryGetProperty("threshold", out var thresholdValue))
            {
                if (thresholdValue.ValueKind != JsonValueKind.Number || !thresholdValue.TryGetDouble(out var t) || !double.IsFinite(t) || t < 0)
                {
                    throw Invalid("columns", $"'columns.{name}.threshold' must be a number ≥ 0.");
                }
                if (tests is { Count: > 0 } && tests[0].IsPValueTest && t > 1)
                {
                    throw Invalid("columns", $"'columns.{name}.threshold' is a p-value threshold for '{tests[0].Name}' and must be at most 1.");
                }
                threshold = t;
            }
            result[name] = new ColumnSpec(kind, tests, threshold);
        }
        return result;
    }

    private static List<StatTest> ParseTests(string column, JsonElement stattests)
    {
        if (stattests.ValueKind != JsonValueKind.Array || stattests.GetArrayLength() == 0)
        {
            throw Invalid("columns", $"'columns.{column}.stattests' must be a non-empty array of test names.");
        }
        var tests = new List<StatTest>();
        foreach (var name in stattests.EnumerateArray())
        {
            if (name.ValueKind != JsonValueKind.String || !StatTest.ByName.TryGetValue(name.GetString()!, out var test))
            {
                throw Invalid("columns", $"'columns.{column}.stattests' names an unknown test {name.GetRawText()}; known tests: {string.Join(", ", StatTest.ByName.Keys)}.");
            }
            if (!tests.Contains(test))
            {
                tests.Add(test);
            }
        }
        return tests;
    }

    private static List<(string, double[][], double[][])> ParseEmbeddings(JsonElement sets, EmbeddingLimits limits)
    {
        if (sets.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("embeddings", "'embeddings' must be an object mapping names to {reference: [[...]], current: [[...]]}.");
        }
        if (sets.EnumerateObject().GroupBy(set => set.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Invalid("embeddings", $"'embeddings' names the set '{duplicate.Key}' more than once.");
        }
        // Every side of every set is measured before any vector is built from it.
        var measured = sets.EnumerateObject()
            .Select(set => (set.Name, Reference: Rows(set, "reference", limits), Current: Rows(set, "current", limits)))
            .ToList();
        return [.. measured.Select(m => (m.Name, Vectors(m.Name, "reference", m.Reference), Vectors(m.Name, "current", m.Current)))];
    }

    private static JsonElement Rows(JsonProperty set, string side, EmbeddingLimits limits)
    {
        if (set.Value.ValueKind != JsonValueKind.Object || !set.Value.TryGetProperty(side, out var rows) || rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() < 2)
        {
            throw Invalid("embeddings", $"'embeddings.{set.Name}.{side}' must be an array of at least two vectors.");
        }
        var vectors = rows.GetArrayLength();
        if (vectors > limits.MaxVectorsPerSide)
        {
            throw TooLarge($"Embeddings '{set.Name}': {side} has {vectors} vectors; the limit is {limits.MaxVectorsPerSide} per side "
                + $"({DriftOptions.SectionName}:{nameof(DriftOptions.MaxEmbeddingVectorsPerSide)}).");
        }
        var values = rows.EnumerateArray().Sum(row => row.ValueKind == JsonValueKind.Array ? (long)row.GetArrayLength() : 0);
        if (values > limits.MaxValuesPerSide)
        {
            throw TooLarge($"Embeddings '{set.Name}': {side} has {values} numbers in {vectors} vectors; the limit is {limits.MaxValuesPerSide} "
                + $"numbers (vectors × dimensions) per side ({DriftOptions.SectionName}:{nameof(DriftOptions.MaxEmbeddingValuesPerSide)}).");
        }
        return rows;
    }

    private static double[][] Vectors(string set, string side, JsonElement rows) =>
        [.. rows.EnumerateArray().Select((row, i) => row.ValueKind == JsonValueKind.Array
            ? row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d
                : throw Invalid("embeddings", $"'embeddings.{set}.{side}[{i}]' holds a value that is not a finite number.")).ToArray()
            : throw Invalid("embeddings", $"'embeddings.{set}.{side}[{i}]' must be an array of numbers."))];

    private static double ShareThreshold(JsonElement body)
    {
        if (!body.TryGetProperty("share_threshold", out var share))
        {
            return DatasetDriftRule.DefaultShareThreshold;
        }
        return share.ValueKind == JsonValueKind.Number && share.TryGetDouble(out var value) && value is > 0 and <= 1
            ? value
            : throw Invalid("share_threshold", "'share_threshold' must be a number in (0, 1].");
    }

    private static string Describe(List<string> names, string side) =>
        names.Count == 0 ? "" : $"{string.Join(", ", names.Select(n => $"'{n}'"))} only in {side}";

    private static DriftInputException Invalid(string field, string message) => new(StatusCodes.Status400BadRequest, message, field);

    private static DriftInputException TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message, "embeddings");
}
