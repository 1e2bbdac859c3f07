namespace MlOps.FeatureStore.Warehouse;

/// <summary>A request names warehouse data that is not there or not usable; answered 400 (or 503 without a warehouse) naming the field.</summary>
public sealed class WarehouseInputException(string field, string message, bool unavailable = false) : Exception(message)
{
    public string Field { get; } = field;

    /// <summary>The warehouse itself could not be reached or is not configured, rather than the request being wrong.</summary>
    public bool Unavailable { get; } = unavailable;
}
