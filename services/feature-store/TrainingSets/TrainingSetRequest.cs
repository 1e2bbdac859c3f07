using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.FeatureStore.Definitions;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>
/// Builds a training set: the entity table (rows given here, or a warehouse table) carries the join keys, an event timestamp
/// per row (<see cref="TimestampColumn"/>, "event_timestamp" unless named) and any label columns, which are kept as they are.
/// Validated by AddValidation; the rows' timestamps and join keys are checked against the feature service when the set is built.
/// </summary>
public sealed record TrainingSetRequest(string? FeatureService, IReadOnlyList<JsonElement>? EntityRows, EntityTableRef? EntityTable,
    string? TimestampColumn = null) : IValidatableObject
{
    public const string DefaultTimestampColumn = "event_timestamp";

    /// <summary>An entity row as a mutable object (null when the element is not an object).</summary>
    public static JsonObject? Row(JsonElement element) => element.ValueKind == JsonValueKind.Object ? JsonObject.Create(element) : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefinitionNames.Check(FeatureService, "featureService") is { } badName)
        {
            yield return badName;
        }
        if ((EntityRows is null) == (EntityTable is null))
        {
            yield return new("Give the entity table either as entityRows or as entityTable (dataset and table), not both.", ["entityRows"]);
            yield break;
        }
        if (EntityTable is { } table && (string.IsNullOrWhiteSpace(table.Dataset) || string.IsNullOrWhiteSpace(table.Table)))
        {
            yield return new("An entity table is named by its dataset and table.", ["entityTable"]);
        }
        if (EntityRows is not { } rows)
        {
            yield break;
        }
        var max = (validationContext.GetService(typeof(IOptions<FeatureStoreOptions>)) as IOptions<FeatureStoreOptions>)?.Value.MaxEntityRows
            ?? new FeatureStoreOptions().MaxEntityRows;
        if (rows.Count == 0 || rows.Count > max)
        {
            yield return new($"The entity table has {rows.Count} rows; a training set joins 1 to {max} ({FeatureStoreOptions.SectionName}:MaxEntityRows).",
                ["entityRows"]);
            yield break;
        }
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].ValueKind != JsonValueKind.Object)
            {
                yield return new("An entity row is an object, not null.", [$"entityRows[{i}]"]);
            }
        }
    }
}
