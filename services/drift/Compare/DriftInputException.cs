namespace MlOps.Drift.Compare;

/// <summary>
/// A comparison request that cannot be evaluated; the status is 400, 413 or 422, the message names the column or embedding set, and
/// <see cref="Field"/> is the body's top-level field at fault (reference, current, columns, embeddings, share_threshold, or body).
/// </summary>
public sealed class DriftInputException(int status, string message, string field = "body") : Exception(message)
{
    public int Status { get; } = status;

    public string Field { get; } = field;
}
