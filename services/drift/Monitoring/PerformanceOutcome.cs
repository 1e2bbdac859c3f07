using MlOps.Contracts;

namespace MlOps.Drift.Monitoring;

/// <summary>Live AUC and accuracy of a performance window against the metrics registered with the version, and the metrics that dropped too far.</summary>
public sealed record PerformanceOutcome(long Labels, double? Auc, double Accuracy, double? ReferenceAuc, double? ReferenceAccuracy, double? AucDrop, double? AccuracyDrop,
    IReadOnlyList<FeatureDrift> Drifted, string? Severity)
{
    public bool DriftDetected => Drifted.Count > 0;

    /// <summary>Binary labels (≥ 0.5 is positive); accuracy thresholds scores at 0.5; AUC only when both classes are present.</summary>
    public static PerformanceOutcome Judge(IReadOnlyList<double> scores, IReadOnlyList<double> labels, IReadOnlyDictionary<string, double> reference, double maxAucDrop, double maxAccuracyDrop)
    {
        var positives = labels.Select(l => l >= 0.5).ToArray();
        var bothClasses = positives.Contains(true) && positives.Contains(false);
        double? auc = bothClasses ? Statistics.RocAuc.FromScores([.. scores], positives) : null;
        var accuracy = scores.Zip(positives).Count(p => p.First >= 0.5 == p.Second) / (double)scores.Count;
        double? referenceAuc = reference.TryGetValue("auc", out var a) ? a : null;
        double? referenceAccuracy = reference.TryGetValue("accuracy", out var r) ? r : null;
        var aucDrop = referenceAuc - auc;
        var accuracyDrop = referenceAccuracy - accuracy;
        var drifted = new List<FeatureDrift>();
        if (aucDrop > maxAucDrop)
        {
            drifted.Add(new FeatureDrift("performance:auc", "auc_drop", aucDrop.Value, maxAucDrop));
        }
        if (accuracyDrop > maxAccuracyDrop)
        {
            drifted.Add(new FeatureDrift("performance:accuracy", "accuracy_drop", accuracyDrop.Value, maxAccuracyDrop));
        }
        var severity = drifted.Count == 0 ? null : aucDrop > 2 * maxAucDrop || accuracyDrop > 2 * maxAccuracyDrop ? "high" : "medium";
        return new PerformanceOutcome(labels.Count, auc, accuracy, referenceAuc, referenceAccuracy, aucDrop, accuracyDrop, drifted, severity);
    }
}
