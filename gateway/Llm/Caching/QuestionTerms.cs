using System.Text.RegularExpressions;

namespace MlOps.Gateway.Llm.Caching;

/// <summary>
/// What two questions must share, beyond similar embeddings, to share a cached answer: the same numbers, the same
/// capitalized names, and the same negation. Embeddings place "the capital of France" next to "the capital of Germany"
/// and "2 + 2" next to "2 + 3"; these terms tell them apart.
/// </summary>
public sealed partial record QuestionTerms(string Numbers, string Names, bool Negated)
{
    public static QuestionTerms Of(string question)
    {
        var numbers = string.Join(' ', Number().Matches(question).Select(m => m.Value).Order(StringComparer.Ordinal));
        // Capitalized words not at a sentence start: names of people, places, products.
        var names = string.Join(' ', Name().Matches(question).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
        return new QuestionTerms(numbers, names, Negation().IsMatch(question));
    }

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]*)")]
    private static partial Regex Name();

    [GeneratedRegex(@"\b(?:not|no|never|none|without|n't)\b|n't\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();
}
