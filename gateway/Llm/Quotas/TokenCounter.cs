using Microsoft.ML.Tokenizers;

namespace MlOps.Gateway.Llm.Quotas;

/// <summary>
/// Counts tokens the way the model family does (tiktoken o200k for the GPT-4o/4.1/5 and o-series, cl100k for GPT-4 and
/// GPT-3.5 and, as the nearest public estimate, for models whose tokenizer is not published).
/// </summary>
public sealed class TokenCounter
{
    // Tokens each chat message costs beyond its text (role and separators), as OpenAI documents for its chat models.
    public const int PerMessageOverhead = 3;
    public const int PerReplyOverhead = 3;

    private readonly Lazy<Tokenizer> _o200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private readonly Lazy<Tokenizer> _cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    public int Count(string model, string text) => text.Length == 0 ? 0 : For(model).CountTokens(text);

    /// <summary>The encoding a model uses.</summary>
    public string EncodingOf(string model) => For(model) == _o200k.Value ? "o200k_base" : "cl100k_base";

    // Decided on every call, not kept per model name: names are the caller's choice, and a map of them would grow without bound.
    private Tokenizer For(string model) => (UsesO200k(model) ? _o200k : _cl100k).Value;

    private static bool UsesO200k(string model)
    {
        var name = model.Contains('/') ? model[(model.LastIndexOf('/') + 1)..] : model;
        return name.StartsWith("gpt-4o", StringComparison.OrdinalIgnoreCase) || name.StartsWith("gpt-4.1", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("gpt-4.5", StringComparison.OrdinalIgnoreCase) || name.StartsWith("gpt-5", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("chatgpt-4o", StringComparison.OrdinalIgnoreCase) || name.StartsWith("gpt-oss", StringComparison.OrdinalIgnoreCase)
            || (name.Length > 1 && name[0] is 'o' or 'O' && char.IsDigit(name[1]));
    }
}
