using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;

namespace MlOps.Ingest.Lake;

/// <summary>
/// Quality checks on the lake: only `row_count` (rows of this load, known without reading files back); any other check
/// fails the load, since passing it unchecked would be a lie.
/// </summary>
internal static class LakeQuality
{
    public static List<QualityResult> Run(IReadOnlyDictionary<string, IReadOnlyList<QualityCheck>> checks, Func<string, long> rowsOf)
    {
        var results = new List<QualityResult>();
        foreach (var (table, tableChecks) in checks.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            foreach (var check in tableChecks)
            {
                if (check.Type != "row_count")
                {
                    throw new LoadFailedException(
                        $"quality check {check.Type} on {table} is not supported on the parquet destination (only row_count is)");
                }
                var rows = rowsOf(table);
                var passed = rows >= (check.Min ?? 0) && rows <= (check.Max ?? long.MaxValue);
                var result = new QualityResult(table, check.Type, null, passed, $"{rows} rows in this load");
                if (!passed && check.Blocking)
                {
                    throw new LoadFailedException($"blocking quality check row_count on {table} failed: {rows} rows in this load")
                    {
                        FailedCheck = result,
                    };
                }
                results.Add(result);
            }
        }
        return results;
    }
}
