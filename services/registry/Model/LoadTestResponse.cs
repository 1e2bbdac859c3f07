namespace MlOps.Registry.Model;

/// <summary>One recorded load measurement of a version, with the key that recorded it.</summary>
public sealed record LoadTestResponse(Guid Id, string Model, int Version, string Source, long Requests, double ErrorRate, double P99Milliseconds,
    Guid? RolloutId, string? RecordedBy, DateTime RecordedAt)
{
    public const string SelectFrom =
        """
        SELECT t.id, m.name AS Model, t.version, t.source, t.requests, t.error_rate AS ErrorRate, t.p99_milliseconds AS P99Milliseconds,
               t.rollout_id AS RolloutId, t.recorded_by_key AS RecordedBy, t.recorded_at AS RecordedAt
        FROM load_tests t JOIN registered_models m ON m.id = t.model_id
        """;
}
