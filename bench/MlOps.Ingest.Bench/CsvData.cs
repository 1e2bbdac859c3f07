using System.Globalization;
using System.Text;

namespace MlOps.Ingest.Bench;

/// <summary>
/// The deterministic 10-column CSV of every figure: bigint, text, small bigint, double, a 2-decimal price, bool,
/// timestamp, date, a categorical text and an optional note (empty in 1 row of 10). Row <c>id</c> of version v is
/// the same on every run, so a merge file can rewrite existing keys with new values.
/// </summary>
public static class CsvData
{
    public const string Header = "id,customer,qty,amount,price,active,created_at,day,category,note";

    /// <summary>The warehouse types of the columns, as ingest infers them (the baseline table is created with these).</summary>
    public const string Columns = "id bigint, customer text, qty bigint, amount double precision, price double precision, "
        + "active boolean, created_at timestamptz, day date, category text, note text";

    private static readonly string[] Categories = ["retail", "wholesale", "online", "partner", "staff", "export", "import", "other"];
    private static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Writes the header and the rows of <paramref name="ids"/>, version <paramref name="version"/>; returns the bytes written.</summary>
    public static long Write(string path, IEnumerable<long> ids, int version = 0)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 20);
        writer.Write(Header);
        writer.Write('\n');
        Span<char> line = stackalloc char[256];
        foreach (var id in ids)
        {
            writer.Write(line[..Row(line, id, version)]);
        }
        writer.Flush();
        return file.Length;
    }

    public static IEnumerable<long> Range(long first, long count)
    {
        for (var id = first; id < first + count; id++)
        {
            yield return id;
        }
    }

    private static int Row(Span<char> line, long id, int version)
    {
        var h = Mix((ulong)id * 31 + (ulong)version);
        var at = Epoch.AddSeconds((long)(h % 63_072_000));
        var c = CultureInfo.InvariantCulture;
        var n = 0;
        n += Format(line[n..], id, c);
        n += Text(line[n..], ",customer-");
        n += Format(line[n..], (long)(h >> 8) % 100_000, c);
        line[n++] = ',';
        n += Format(line[n..], (long)(h >> 20) % 50 + 1, c);
        line[n++] = ',';
        ((h >> 12) % 100_000_000 / 1000.0).TryFormat(line[n..], out var w, "R", c);
        n += w;
        line[n++] = ',';
        ((h >> 28) % 1_000_000 / 100.0).TryFormat(line[n..], out w, "F2", c);
        n += w;
        n += Text(line[n..], ((h >> 40) & 1) == 0 ? ",true," : ",false,");
        at.TryFormat(line[n..], out w, "yyyy-MM-dd'T'HH:mm:ss'Z'", c);
        n += w;
        line[n++] = ',';
        DateOnly.FromDateTime(at).TryFormat(line[n..], out w, "yyyy-MM-dd", c);
        n += w;
        line[n++] = ',';
        n += Text(line[n..], Categories[(h >> 44) % 8]);
        line[n++] = ',';
        if ((h >> 50) % 10 != 0)
        {
            n += Text(line[n..], "note ");
            n += Format(line[n..], (long)(h >> 52) % 1000, c);
        }
        line[n++] = '\n';
        return n;
    }

    private static int Format(Span<char> to, long value, IFormatProvider c) => value.TryFormat(to, out var w, default, c) ? w : 0;

    private static int Text(Span<char> to, string text)
    {
        text.CopyTo(to);
        return text.Length;
    }

    // SplitMix64's finalizer: a cheap, well-mixed hash of the row number.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
