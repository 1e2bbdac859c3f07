using System.Text;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Text PostgreSQL will take: text and jsonb refuse NUL, and UTF-8 has no lone surrogates (OTLP/JSON can escape both),
/// so each becomes U+FFFD instead of failing the whole batch.
/// </summary>
internal static class StoredText
{
    public static string Clean(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\0' || char.IsSurrogate(value[i]))
            {
                return Rebuild(value);
            }
        }
        return value;
    }

    public static string? CleanOrNull(string? value) => value is null ? null : Clean(value);

    private static string Rebuild(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return builder.ToString();
    }
}
