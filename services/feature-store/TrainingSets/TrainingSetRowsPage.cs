using System.Text.Json;

namespace MlOps.FeatureStore.TrainingSets;

/// <summary>A page of a training set's rows; <see cref="Next"/> is the offset of the next page, null after the last.</summary>
public sealed record TrainingSetRowsPage(IReadOnlyList<JsonElement> Rows, int? Next);
