namespace MlOps.Drift.Statistics.Embeddings;

/// <summary>
/// Trains a logistic regression to tell reference rows from current rows and reports its cross-validated ROC AUC:
/// about 0.5 when the two are indistinguishable, towards 1 as they drift apart (Evidently's "model" embedding method).
/// </summary>
public static class DomainClassifier
{
    private const int Epochs = 200;
    private const double LearningRate = 0.5;
    private const double L2 = 1e-3;

    /// <summary>Mean AUC over two folds (each half trains, the other scores).</summary>
    public static double CrossValidatedAuc(double[][] reference, double[][] current, int seed = 20261127)
    {
        var rows = reference.Select(r => (Features: r, Label: 0)).Concat(current.Select(r => (Features: r, Label: 1))).ToArray();
        new Random(seed).Shuffle(rows);
        var (mean, scale) = Standardization(rows.Select(r => r.Features).ToArray());
        var x = rows.Select(r => Standardize(r.Features, mean, scale)).ToArray();
        var y = rows.Select(r => r.Label).ToArray();
        var half = rows.Length / 2;
        var first = Fold(x, y, trainFrom: 0, trainTo: half, scoreFrom: half, scoreTo: rows.Length);
        var second = Fold(x, y, trainFrom: half, trainTo: rows.Length, scoreFrom: 0, scoreTo: half);
        return (first + second) / 2;
    }

    private static double Fold(double[][] x, int[] y, int trainFrom, int trainTo, int scoreFrom, int scoreTo)
    {
        var weights = new double[x[0].Length];
        var bias = 0.0;
        var count = trainTo - trainFrom;
        var gradient = new double[weights.Length];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            Array.Clear(gradient);
            var biasGradient = 0.0;
            for (var i = trainFrom; i < trainTo; i++)
            {
                var error = Sigmoid(Dot(weights, x[i]) + bias) - y[i];
                for (var f = 0; f < weights.Length; f++)
                {
                    gradient[f] += error * x[i][f];
                }
                biasGradient += error;
            }
            for (var f = 0; f < weights.Length; f++)
            {
                weights[f] -= LearningRate * (gradient[f] / count + L2 * weights[f]);
            }
            bias -= LearningRate * biasGradient / count;
        }
        var scores = Enumerable.Range(scoreFrom, scoreTo - scoreFrom).Select(i => (Score: Dot(weights, x[i]) + bias, Label: y[i])).ToArray();
        return RocAuc.FromScores(scores.Select(s => s.Score).ToArray(), scores.Select(s => s.Label == 1).ToArray());
    }

    private static (double[] Mean, double[] Scale) Standardization(double[][] rows)
    {
        var dimensions = rows[0].Length;
        var mean = new double[dimensions];
        var scale = new double[dimensions];
        for (var f = 0; f < dimensions; f++)
        {
            var column = rows.Select(r => r[f]).ToArray();
            mean[f] = Moments.Mean(column);
            scale[f] = Math.Max(Moments.PopulationStandardDeviation(column), 1e-12);
        }
        return (mean, scale);
    }

    private static double[] Standardize(double[] row, double[] mean, double[] scale)
    {
        var result = new double[row.Length];
        for (var f = 0; f < row.Length; f++)
        {
            result[f] = (row[f] - mean[f]) / scale[f];
        }
        return result;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));
}
