using System.Globalization;
using System.Text;

namespace MlOps.Guardrails.Injection;

/// <summary>
/// Cheap text features for the first-stage injection classifier: lower-cased, NFKC-normalized words (unigrams and
/// bigrams) and character 3–5-grams within words, hashed (FNV-1a) into <see cref="Dimensions"/> buckets, counts
/// L2-normalized. The same code featurizes for training (with ML.NET) and for scoring, so the two cannot drift apart.
/// </summary>
public static class NgramFeaturizer
{
    /// <summary>Hash buckets (2^18).</summary>
    public const int Dimensions = 1 << 18;

    private const int MinCharGram = 3;
    private const int MaxCharGram = 5;

    /// <summary>Sparse features: distinct bucket indexes (ascending) and their weights.</summary>
    public static (int[] Indexes, float[] Values) Featurize(string text)
    {
        var counts = new Dictionary<int, float>();
        var words = Words(text);
        for (var i = 0; i < words.Count; i++)
        {
            Add(counts, "w:" + words[i]);
            if (i > 0)
            {
                Add(counts, "b:" + words[i - 1] + " " + words[i]);
            }
            var padded = "<" + words[i] + ">";
            for (var n = MinCharGram; n <= MaxCharGram; n++)
            {
                for (var start = 0; start + n <= padded.Length; start++)
                {
                    Add(counts, "c:" + padded.Substring(start, n));
                }
            }
        }
        var norm = (float)Math.Sqrt(counts.Values.Sum(v => v * v));
        var indexes = counts.Keys.Order().ToArray();
        var values = indexes.Select(i => norm == 0 ? 0 : counts[i] / norm).ToArray();
        return (indexes, values);
    }

    private static List<string> Words(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in normalized)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    private static void Add(Dictionary<int, float> counts, string gram)
    {
        var bucket = (int)(Fnv1a(gram) % Dimensions);
        counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
    }

    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
