namespace MlOps.Guardrails.Injection;

/// <summary>The bounded part of a text the embedding model sees: all of a short text, else its beginning and its end (where injections sit).</summary>
public static class EmbeddingWindow
{
    /// <summary>Characters kept (about 150 MiniLM tokens of English), half from each end of a longer text.</summary>
    public const int MaxCharacters = 600;

    /// <summary>The text itself when short, else its first and last <see cref="MaxCharacters"/>/2 characters.</summary>
    public static string Of(string text) =>
        text.Length <= MaxCharacters ? text : string.Concat(text.AsSpan(0, MaxCharacters / 2), " … ", text.AsSpan(text.Length - MaxCharacters / 2));
}
