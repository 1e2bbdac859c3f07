using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MlOps.Ingest.Warehouse;

/// <summary>
/// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format") for the warehouse's
/// column types, storing what Npgsql's encoding of each value stores: Npgsql's per-value importer costs ~2 µs of CPU a row on
/// this machine (docs/benchmarks.md), which the reader and the database need while a load runs.
/// </summary>
internal static class BinaryCopyEncoder
{
    /// <summary>Ticks from 0001-01-01 to PostgreSQL's epoch, 2000-01-01.</summary>
    private const long PostgresEpochTicks = 630_822_816_000_000_000L;

    /// <summary>DateOnly.DayNumber of 2000-01-01.</summary>
    private const int PostgresEpochDay = 730_119;

    private const short NumericNegative = 0x4000;

    /// <summary>Characters past which a text value's UTF-8 length is counted before buffer space is asked for.</summary>
    private const int LongText = 16 * 1024;

    /// <summary>Text that is not valid UTF-16 fails the row, as Npgsql's strict encoding does, instead of being replaced.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Signature => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    /// <summary>The signature, no flags (no OIDs), no header extension.</summary>
    public static void Header(IBufferWriter<byte> output)
    {
        output.Write(Signature);
        Int32(output, 0);
        Int32(output, 0);
    }

    public static void Trailer(IBufferWriter<byte> output) => Int16(output, -1);

    public static void RowStart(IBufferWriter<byte> output, int fields) => Int16(output, checked((short)fields));

    public static void Null(IBufferWriter<byte> output) => Int32(output, -1);

    public static void Bool(IBufferWriter<byte> output, bool value)
    {
        var span = output.GetSpan(5);
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        span[4] = value ? (byte)1 : (byte)0;
        output.Advance(5);
    }

    public static void BigInt(IBufferWriter<byte> output, long value) => Sized64(output, value);

    public static void Double(IBufferWriter<byte> output, double value) => Sized64(output, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Microseconds since 2000-01-01 UTC, the extra tick digit dropped; DateTime's ends are PostgreSQL's infinities.</summary>
    public static void TimestampUtc(IBufferWriter<byte> output, DateTime utc) => Sized64(output, utc.Ticks switch
    {
        var t when t == DateTime.MaxValue.Ticks => long.MaxValue,
        var t when t == DateTime.MinValue.Ticks => long.MinValue,
        var t => (t - PostgresEpochTicks) / 10,
    });

    /// <summary>Days since 2000-01-01; DateOnly's ends are PostgreSQL's infinities.</summary>
    public static void Date(IBufferWriter<byte> output, DateOnly value)
    {
        var span = output.GetSpan(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value == DateOnly.MaxValue ? int.MaxValue
            : value == DateOnly.MinValue ? int.MinValue : value.DayNumber - PostgresEpochDay);
        output.Advance(8);
    }

    public static void Text(IBufferWriter<byte> output, string value) => Utf8Field(output, value, prefix: 0);

    /// <summary>jsonb's binary form: version 1, then the JSON text.</summary>
    public static void Jsonb(IBufferWriter<byte> output, string value) => Utf8Field(output, value, prefix: 1);

    /// <summary>
    /// numeric: base-10000 digits (most significant first) around the decimal point, the weight of the first, the sign and
    /// the display scale (the decimal's own). Zero digit groups at the low end are sent (Npgsql drops them): PostgreSQL's
    /// numeric_recv strips them, so the stored value is the same.
    /// </summary>
    public static void Decimal(IBufferWriter<byte> output, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var magnitude = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        // Whole groups of four fraction digits: the point falls between two base-10000 digits.
        var padding = (4 - scale % 4) % 4;
        for (var i = 0; i < padding; i++)
        {
            magnitude *= 10;
        }
        // 96 bits and three padding digits are at most 32 decimal digits: 8 groups.
        Span<short> groups = stackalloc short[8];
        var count = 0;
        while (magnitude != 0)
        {
            groups[count++] = (short)(ushort)(magnitude % 10_000);
            magnitude /= 10_000;
        }
        var span = output.GetSpan(12 + 2 * count);
        BinaryPrimitives.WriteInt32BigEndian(span, 8 + 2 * count);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], (short)count);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], count == 0 ? (short)0 : (short)(count - 1 - (scale + padding) / 4));
        BinaryPrimitives.WriteInt16BigEndian(span[8..], count > 0 && bits[3] < 0 ? NumericNegative : (short)0);
        BinaryPrimitives.WriteInt16BigEndian(span[10..], (short)scale);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(12 + 2 * i)..], groups[count - 1 - i]);
        }
        output.Advance(12 + 2 * count);
    }

    private static void Sized64(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        output.Advance(12);
    }

    private static void Utf8Field(IBufferWriter<byte> output, string value, int prefix)
    {
        // Short values take the worst case at once; a long one is measured first rather than asking for three bytes a char.
        var bytes = value.Length <= LongText ? Utf8.GetMaxByteCount(value.Length) : Utf8.GetByteCount(value);
        var span = output.GetSpan(4 + prefix + bytes);
        if (prefix > 0)
        {
            span[4] = 1;
        }
        var length = Utf8.GetBytes(value, span[(4 + prefix)..]);
        BinaryPrimitives.WriteInt32BigEndian(span, prefix + length);
        output.Advance(4 + prefix + length);
    }

    private static void Int16(IBufferWriter<byte> output, short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }

    private static void Int32(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }
}
