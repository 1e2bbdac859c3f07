namespace MlOps.Ingest.Sources.Postgres;

/// <summary>
/// A small PostgreSQL lexer for a user's query: finds a `;` outside string literals ('…', E'…', $tag$…$tag$), quoted
/// identifiers and comments, or a literal or block comment left open, either of which would reach past the query's subquery.
/// </summary>
public static class PostgresQueryText
{
    /// <summary>Why the query is not one statement, or null when it is.</summary>
    public static string? Problem(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == ';')
            {
                return "must be a single statement (a ';' outside quotes)";
            }
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            var end = c switch
            {
                '\'' => Quoted(sql, i + 1, '\'', backslashEscapes: i > 0 && sql[i - 1] is 'e' or 'E' && !IsWordBefore(sql, i - 1)),
                '"' => Quoted(sql, i + 1, '"', backslashEscapes: false),
                '-' when next == '-' => LineEnd(sql, i),
                '/' when next == '*' => BlockEnd(sql, i),
                '$' when !IsWordBefore(sql, i) && DollarTag(sql, i) is { } tag => DollarEnd(sql, i + tag.Length, tag),
                _ => i + 1,
            };
            if (end < 0)
            {
                return "has an unterminated quote or comment";
            }
            i = end;
        }
        return null;
    }

    private static bool IsWordBefore(string sql, int i) => i > 0 && (char.IsLetterOrDigit(sql[i - 1]) || sql[i - 1] is '_' or '$');

    /// <summary>The index after the closing quote (a doubled quote is an escaped one), or -1.</summary>
    private static int Quoted(string sql, int i, char quote, bool backslashEscapes)
    {
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            else
            {
                i++;
            }
        }
        return -1;
    }

    // A line comment may end the text: the source puts the query on lines of its own.
    private static int LineEnd(string sql, int i) => sql.IndexOf('\n', i) is var n and >= 0 ? n + 1 : sql.Length;

    /// <summary>The index after a block comment's end; PostgreSQL's block comments nest.</summary>
    private static int BlockEnd(string sql, int i)
    {
        var depth = 0;
        while (i + 1 < sql.Length)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }
        return -1;
    }

    /// <summary>`$$` or `$tag$` starting at i, or null (a positional parameter such as $1).</summary>
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && (char.IsLetter(sql[j]) || sql[j] == '_' || (j > i + 1 && char.IsDigit(sql[j]))))
        {
            j++;
        }
        return j < sql.Length && sql[j] == '$' ? sql[i..(j + 1)] : null;
    }

    private static int DollarEnd(string sql, int i, string tag) => sql.IndexOf(tag, i, StringComparison.Ordinal) is var n and >= 0
        ? n + tag.Length
        : -1;
}
