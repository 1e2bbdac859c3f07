namespace MlOps.Guardrails.Training;

/// <summary>Chooses a decision threshold from out-of-fold predictions on the training split (k-fold), never from evaluation data.</summary>
public static class OutOfFold
{
    public const int Folds = 5;

    /// <summary>Out-of-fold probabilities: each example scored by a model trained without its fold.</summary>
    public static double[] Probabilities(int count, Func<int[], int[], double[]> trainAndScore)
    {
        var probabilities = new double[count];
        for (var fold = 0; fold < Folds; fold++)
        {
            var train = Enumerable.Range(0, count).Where(i => i % Folds != fold).ToArray();
            var held = Enumerable.Range(0, count).Where(i => i % Folds == fold).ToArray();
            var scores = trainAndScore(train, held);
            for (var i = 0; i < held.Length; i++)
            {
                probabilities[held[i]] = scores[i];
            }
        }
        return probabilities;
    }

    /// <summary>The threshold (0.05 steps) with the best F1 over the out-of-fold probabilities.</summary>
    public static (double Threshold, double F1) BestF1(double[] probabilities, bool[] labels)
    {
        var best = (Threshold: 0.5, F1: -1.0);
        for (var t = 0.05; t < 0.96; t += 0.05)
        {
            var threshold = Math.Round(t, 2);
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                var flagged = probabilities[i] >= threshold;
                tp += flagged && labels[i] ? 1 : 0;
                fp += flagged && !labels[i] ? 1 : 0;
                fn += !flagged && labels[i] ? 1 : 0;
            }
            var f1 = tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
            if (f1 > best.F1)
            {
                best = (threshold, f1);
            }
        }
        return best;
    }
}
