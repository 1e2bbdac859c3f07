using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>
/// Builds a training set: the entity table (rows given here, or a warehouse table) carries the join keys, an event timestamp
/// per row (<see cref="TimestampColumn"/>, "event_timestamp" unless named) and any label columns, which are kept as they are.
/// </summary>
public sealed record TrainingSetRequest(string? FeatureService, IReadOnlyList<JsonElement>? EntityRows, EntityTableRef? EntityTable,
    string? TimestampColumn = null)
{
    public const string DefaultTimestampColumn = "event_timestamp";

    /// <summary>An entity row as a mutable object (null when the element is not an object).</summary>
    public static JsonObject? Row(JsonElement element) => element.ValueKind == JsonValueKind.Object ? JsonObject.Create(element) : null;
}
