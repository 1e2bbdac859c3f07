using System.Text.Json;

namespace MlOps.Drift.Monitoring;

/// <summary>What the trainer registered to compare live traffic with: each feature's row-aligned sample, and the holdout's prediction scores.</summary>
public sealed record ReferenceProfile(IReadOnlyDictionary<string, double[]> Numeric, IReadOnlyDictionary<string, string[]> Categorical, double[] Predictions)
{
    public static ReferenceProfile Parse(JsonElement profile)
    {
        var numeric = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var feature in profile.GetProperty("features").EnumerateObject())
        {
            var sample = feature.Value.GetProperty("sample");
            if (feature.Value.GetProperty("type").GetString() == "categorical")
            {
                categorical[feature.Name] = [.. sample.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(v => v.Length > 0)];
            }
            else
            {
                numeric[feature.Name] = Finite(sample);
            }
        }
        var predictions = profile.TryGetProperty("prediction", out var prediction) && prediction.TryGetProperty("profile", out var predictionProfile)
            ? Finite(predictionProfile.GetProperty("sample"))
            : [];
        return new ReferenceProfile(numeric, categorical, predictions);
    }

    private static double[] Finite(JsonElement values) =>
        [.. values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).Where(double.IsFinite)];
}
