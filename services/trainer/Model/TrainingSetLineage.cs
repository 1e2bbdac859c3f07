using System.Text.Json;

namespace MlOps.Trainer.Model;

/// <summary>
/// The feature store training set a run trained on: its id, the feature service (and its version) it was joined from, and its
/// definition as the feature store recorded it (entity table, timestamp column, join keys, views with versions and TTLs);
/// only the id until the set is read.
/// </summary>
public sealed record TrainingSetLineage(Guid Id, string? FeatureService = null, int? FeatureServiceVersion = null, JsonElement? Definition = null);
