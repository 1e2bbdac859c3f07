using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MlOps.FeatureStore.Online;

/// <summary>
/// A view's value for one entity in Redis: the event time and the materialization time as 19-digit tick counts, then the
/// features' UTF-8 JSON. Fixed-width digits compare as text in the same order as the times, which the merge script relies on.
/// </summary>
public static class RedisOnlineValue
{
    public const int TicksWidth = 19;

    public static byte[] Encode(string features, DateTime eventTime, DateTime materializedAt)
    {
        var json = Encoding.UTF8.GetByteCount(features);
        var value = new byte[2 * TicksWidth + json];
        WriteTicks(value.AsSpan(0, TicksWidth), eventTime);
        WriteTicks(value.AsSpan(TicksWidth, TicksWidth), materializedAt);
        Encoding.UTF8.GetBytes(features, value.AsSpan(2 * TicksWidth));
        return value;
    }

    /// <summary>The stored value, or null for one this service did not write.</summary>
    public static StoredFeatures? Decode(ReadOnlyMemory<byte> value)
    {
        var span = value.Span;
        return span.Length > 2 * TicksWidth
            && Utf8Parser.TryParse(span[..TicksWidth], out long eventTicks, out var a) && a == TicksWidth
            && Utf8Parser.TryParse(span.Slice(TicksWidth, TicksWidth), out long materializedTicks, out var b) && b == TicksWidth
            ? new StoredFeatures(value[(2 * TicksWidth)..], new DateTime(eventTicks, DateTimeKind.Utc), new DateTime(materializedTicks, DateTimeKind.Utc))
            : null;
    }

    /// <summary>What the store records next to a view once a run completes: the version and watermark it holds.</summary>
    public static string Mark(int version, DateTime? watermark) =>
        string.Create(CultureInfo.InvariantCulture, $"{version}:{(watermark is { } w ? w.ToUniversalTime().Ticks.ToString("D19", CultureInfo.InvariantCulture) : "none")}");

    private static void WriteTicks(Span<byte> target, DateTime time)
    {
        var ticks = time.ToUniversalTime().Ticks;
        for (var i = TicksWidth - 1; i >= 0; i--, ticks /= 10)
        {
            target[i] = (byte)('0' + (ticks % 10));
        }
    }
}
