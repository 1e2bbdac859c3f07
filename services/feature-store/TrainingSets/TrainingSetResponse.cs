using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>A built training set: what it was built from (its lineage) and where its rows are.</summary>
public sealed record TrainingSetResponse(Guid Id, string FeatureService, int FeatureServiceVersion, [property: JsonIgnore] string DefinitionJson,
    long Rows, string CreatedBy, DateTime CreatedAt)
{
    /// <summary>The views (with their versions), join keys and feature columns the set was built from.</summary>
    public JsonElement Definition => JsonDocument.Parse(DefinitionJson).RootElement.Clone();

    /// <summary>The rows, in entity-row order, paged.</summary>
    public string RowsHref => $"/training-sets/{Id}/rows";
}
