using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Context;

/// <summary>
/// What an embedding of a segment alone cannot see: whether it speaks to the model ("in your response"), reads as a
/// request or a question, looks like code, and how far it sits from the rest of its document.
/// </summary>
public static partial class SegmentCues
{
    /// <summary>How many cues <see cref="Of"/> returns, appended to the embedding.</summary>
    public const int Count = 6;

    /// <summary>The cues of one segment, given its embedding and the mean embedding of the document's other segments (null when it has none).</summary>
    public static float[] Of(string segment, float[] embedding, float[]? othersCentroid) =>
    [
        AddressesTheModel().IsMatch(segment) ? 1f : 0f,
        Request().IsMatch(segment) ? 1f : 0f,
        Question().IsMatch(segment) ? 1f : 0f,
        CodeShare(segment),
        othersCentroid is null ? 0f : 1f - (float)Vectors.Cosine(embedding, othersCentroid),
        othersCentroid is null ? 1f : 0f,
    ];

    /// <summary>The mean of the embeddings except the one at <paramref name="skip"/>; null when no other is left.</summary>
    public static float[]? CentroidWithout(IReadOnlyList<float[]> embeddings, float[] sum, int skip)
    {
        if (embeddings.Count < 2)
        {
            return null;
        }
        var centroid = new float[sum.Length];
        for (var k = 0; k < sum.Length; k++)
        {
            centroid[k] = (sum[k] - embeddings[skip][k]) / (embeddings.Count - 1);
        }
        return centroid;
    }

    /// <summary>The element-wise sum of the embeddings.</summary>
    public static float[] Sum(IReadOnlyList<float[]> embeddings)
    {
        var sum = new float[embeddings.Count == 0 ? 0 : embeddings[0].Length];
        foreach (var embedding in embeddings)
        {
            for (var k = 0; k < sum.Length; k++)
            {
                sum[k] += embedding[k];
            }
        }
        return sum;
    }

    // Symbols that are common in code and rare in prose.
    private static float CodeShare(string segment)
    {
        var symbols = segment.Count(c => c is '=' or '(' or ')' or '{' or '}' or '[' or ']' or ';' or '<' or '>' or '_' or '"' or '\'' or '.' or '#');
        return segment.Length == 0 ? 0f : Math.Min(1f, 4f * symbols / segment.Length);
    }

    // A document speaking of "your answer" or "your code" speaks to whoever will answer: the model.
    [GeneratedRegex(@"\byour\s+(?:response|responses|answer|answers|reply|replies|output|message|solution|implementation|codebase|code|algorithm|program|script)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AddressesTheModel();

    // A sentence opening with a bare verb of the kind prompts open with.
    [GeneratedRegex(@"^(?:please\s+)?(?:add|adopt|answer|append|apply|augment|blend|break|calculate|can|change|compose|convert|create|define|describe|develop|draft|embed|enhance|enrich|ensure|execute|explain|find|generate|give|group|identify|implement|include|incorporate|insert|integrate|introduce|list|make|merge|mention|modify|outline|provide|recommend|rearrange|remove|render|replace|reply|respond|rewrite|scramble|share|show|suggest|summari[sz]e|tell|translate|use|write)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Request();

    // A question of the kind people ask an assistant.
    [GeneratedRegex(@"^(?:what|how|why|which|who|where|when|can you|could you|is|are|do|does)\b.*\?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Question();
}
