using MlOps.Guardrails.Context;
using MlOps.Guardrails.Injection;

namespace MlOps.Guardrails.Training;

/// <summary>
/// The context-injection head: logistic regression over each segment's MiniLM embedding and its cues against the rest of
/// its document. Training documents are BIPIA's training contexts, clean and with a training attack inserted at the start,
/// the middle and the end; a segment is positive when it holds the attack's instruction (the code an attack carries is
/// left out: it is data, like the contexts' own code). Folds hold out whole contexts and whole attack categories, as the
/// test split does; the threshold keeps out-of-fold false alarms on clean training documents at or under 1%.
/// </summary>
public sealed class ContextTraining(string sharedData, Func<IReadOnlyList<string>, float[][]> encode, DenseHead dense)
{
    private sealed record Segment(int Document, string Text, float[] Features, bool Label, bool Rule);

    private sealed record TrainingDocument(int Fold, bool Attacked, string Source, List<Segment> Segments);

    /// <summary>Trains, writes the head, and returns a one-line summary (misses and top false alarms on standard error when explaining).</summary>
    public async Task<string> TrainAsync(string outputPath, bool explain)
    {
        var documents = Documents();
        var rows = documents.SelectMany(d => d.Segments).ToList();
        var outOfFold = new double[rows.Count];
        for (var fold = 0; fold < OutOfFold.Folds; fold++)
        {
            var model = dense.Train(rows.Where(r => documents[r.Document].Fold != fold).Select(r => (r.Features, r.Label)));
            for (var i = 0; i < rows.Count; i++)
            {
                if (documents[rows[i].Document].Fold == fold)
                {
                    outOfFold[i] = rows[i].Rule ? 1.0 : DenseHead.Score(model, rows[i].Features);
                }
            }
        }
        var documentScores = rows.Select((r, i) => (r.Document, Score: outOfFold[i])).GroupBy(r => r.Document)
            .ToDictionary(g => g.Key, g => g.Max(r => r.Score));
        // The threshold holds the false-alarm rate on each kind of document, not just on the mix (tables outnumber the rest).
        double ThresholdAt(double quantile) => documentScores.Where(d => !documents[d.Key].Attacked).GroupBy(d => documents[d.Key].Source)
            .Select(g => g.Select(d => d.Value).Order().ToList()).Max(m => m[(int)Math.Floor(quantile * (m.Count - 1))]) + 1e-6;
        var threshold = Math.Min(0.99, ThresholdAt(0.99));
        var attacked = documentScores.Where(d => documents[d.Key].Attacked).ToList();
        var recall = attacked.Count(d => d.Value >= threshold) / (double)attacked.Count;
        if (explain)
        {
            Explain(documents, rows, outOfFold, threshold);
        }
        await DenseHead.WriteAsync(outputPath, dense.Train(rows.Select(r => (r.Features, r.Label))), threshold);
        return $"context: {documents.Count} training documents ({attacked.Count} attacked), {rows.Count} segments; threshold {threshold:F4} " +
            $"(out-of-fold over held-out contexts and attack categories: recall {recall:F3} at ≤1% of clean documents flagged)";
    }

    private List<TrainingDocument> Documents()
    {
        var random = new Random(20261127);
        var textAttacks = Bipia.CategorizedAttacks(sharedData, "text_attack_train.json");
        var codeAttacks = Bipia.CategorizedAttacks(sharedData, "code_attack_train.json");
        var built = new List<(int Fold, bool Attacked, string Source, string Text, int AttackStart, int InstructionLength, int AttackLength)>();
        foreach (var (context, index) in Bipia.Contexts(sharedData, "train", maxTables: 900).Select((c, i) => (c, i)))
        {
            var fold = index % OutOfFold.Folds;
            built.Add((fold, false, context.Source, context.Text, -1, 0, 0));
            var attacks = (context.Source == "code" ? codeAttacks : textAttacks).Where(a => a.Category % OutOfFold.Folds == fold).ToList();
            foreach (var position in new[] { "start", "middle", "end" })
            {
                var attack = attacks[random.Next(attacks.Count)].Text;
                var (text, start) = Bipia.Insert(context.Text, attack, position);
                var fence = attack.IndexOf("```", StringComparison.Ordinal);
                built.Add((fold, true, context.Source, text, start, fence < 0 ? attack.Length : fence, attack.Length));
            }
        }
        var segmented = built.Select(d => Segmenter.Segments(d.Text).ToList()).ToList();
        var embeddings = Embeddings(segmented.SelectMany(s => s.Select(p => p.Text)));
        var documents = new List<TrainingDocument>();
        for (var d = 0; d < built.Count; d++)
        {
            var (fold, attacked, source, _, attackStart, instructionLength, attackLength) = built[d];
            var pieces = segmented[d];
            var vectors = pieces.Select(p => embeddings[p.Text]).ToList();
            var sum = SegmentCues.Sum(vectors);
            var segments = new List<Segment>();
            for (var i = 0; i < pieces.Count; i++)
            {
                var (start, text) = pieces[i];
                var inInstruction = attacked && start < attackStart + instructionLength && start + text.Length > attackStart;
                var inAttackCode = attacked && !inInstruction && start >= attackStart && start + text.Length <= attackStart + attackLength;
                if (inAttackCode)
                {
                    continue;
                }
                float[] features = [.. vectors[i], .. SegmentCues.Of(text, vectors[i], SegmentCues.CentroidWithout(vectors, sum, i))];
                segments.Add(new Segment(d, text, features, inInstruction, InjectionRules.AnyMatch(text)));
            }
            documents.Add(new TrainingDocument(fold, attacked, source, segments));
        }
        return documents;
    }

    private Dictionary<string, float[]> Embeddings(IEnumerable<string> texts)
    {
        var distinct = texts.Distinct().ToList();
        var vectors = encode(distinct);
        return distinct.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => vectors[p.i]);
    }

    private static void Explain(List<TrainingDocument> documents, List<Segment> rows, double[] outOfFold, double threshold)
    {
        var scored = rows.Select((r, i) => (Row: r, Score: outOfFold[i])).ToList();
        foreach (var miss in scored.Where(s => s.Row.Label && s.Score < threshold).DistinctBy(s => s.Row.Text).Take(60))
        {
            Console.Error.WriteLine($"MISS {miss.Score:F3} {documents[miss.Row.Document].Source} {miss.Row.Text[..Math.Min(120, miss.Row.Text.Length)]}");
        }
        foreach (var alarm in scored.Where(s => !s.Row.Label).OrderByDescending(s => s.Score).DistinctBy(s => s.Row.Text).Take(30))
        {
            Console.Error.WriteLine($"CLEAN {alarm.Score:F3} {documents[alarm.Row.Document].Source} {alarm.Row.Text[..Math.Min(120, alarm.Row.Text.Length)]}");
        }
    }
}
