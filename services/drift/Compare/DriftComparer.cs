using MlOps.Drift.Statistics;
using MlOps.Drift.Statistics.Embeddings;
using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Compare;

/// <summary>Evaluates a parsed comparison, columns in parallel, and shapes the answer.</summary>
public static class DriftComparer
{
    public static CompareResponse Compare(CompareRequest request, EmbeddingLimits limits)
    {
        var results = new ColumnDriftResult[request.Columns.Count];
        var errors = new string?[request.Columns.Count];
        Parallel.For(0, request.Columns.Count, i =>
        {
            var (name, column) = request.Columns[i];
            try
            {
                results[i] = ColumnDriftEvaluator.Evaluate(column.Sample, column.Options);
            }
            catch (ArgumentException error)
            {
                errors[i] = $"Column '{name}': {error.Message}";
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } firstError)
        {
            throw new DriftInputException(StatusCodes.Status400BadRequest, firstError, "columns");
        }
        var columns = new Dictionary<string, ColumnDriftResponse>(StringComparer.Ordinal);
        for (var i = 0; i < results.Length; i++)
        {
            var (name, column) = request.Columns[i];
            columns[name] = ToResponse(results[i], column);
        }
        var (share, datasetDrift) = DatasetDriftRule.Apply(results, request.ShareThreshold);
        var embeddings = request.Embeddings.Count == 0 ? null : request.Embeddings.ToDictionary(
            e => e.Name, e => ToResponse(Evaluate(e.Name, e.Reference, e.Current, limits.SampleVectorsPerSide)), StringComparer.Ordinal);
        return new CompareResponse(columns, share, datasetDrift, embeddings);
    }

    public static ColumnDriftResponse ToResponse(ColumnDriftResult result, ParsedColumn column) =>
        new(result.Kind == ColumnKind.Numeric ? "numeric" : "categorical",
            result.Tests.ToDictionary(t => t.Key, t => ToResponse(t.Value), StringComparer.Ordinal),
            result.DriftDetected, result.Method, result.Threshold,
            column.Sample.ReferenceCount, column.Sample.CurrentCount, new DroppedValues(column.DroppedReference, column.DroppedCurrent));

    private static EmbeddingDriftResult Evaluate(string name, double[][] reference, double[][] current, int sampleVectorsPerSide)
    {
        try
        {
            return EmbeddingDrift.Evaluate(reference, current, sampleVectorsPerSide: sampleVectorsPerSide);
        }
        catch (ArgumentException error)
        {
            throw new DriftInputException(StatusCodes.Status400BadRequest, $"Embeddings '{name}': {error.Message}", "embeddings");
        }
    }

    private static TestResultResponse ToResponse(StatisticResult result) => new(result.Statistic, result.PValue, result.DegreesOfFreedom);

    private static EmbeddingDriftResponse ToResponse(EmbeddingDriftResult result) =>
        new(ToResponse(result.Mmd), result.DomainClassifierAuc, result.MeanDistance, result.MeanCosineDistance, result.DriftDetected, "mmd");
}
