namespace MlOps.Ingest.Loading;

/// <summary>
/// How much of a load may go to quarantine: a source that does not match its config at all fails rather than filling the
/// quarantine; one record's raw text is kept up to a bound, its cut-off length said in it.
/// </summary>
public static class QuarantineLimits
{
    public const int MaxRecordsPerLoad = 100_000;

    public const int MaxRawChars = 64 * 1024;

    public static NormalizedBatch Bounded(NormalizedBatch batch) =>
        batch.Quarantined.Any(q => q.Raw.Length > MaxRawChars)
            ? batch with { Quarantined = [.. batch.Quarantined.Select(q => q.Raw.Length > MaxRawChars ? q with { Raw = Cut(q.Raw) } : q)] }
            : batch;

    private static string Cut(string raw) => $"{raw[..MaxRawChars]}… (cut: {raw.Length} characters in all)";
}
