namespace MlOps.Drift.Compare;

/// <summary>A comparison request that cannot be evaluated; the status is 400, 413 or 422 and the message names the column or embedding set.</summary>
public sealed class DriftInputException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
