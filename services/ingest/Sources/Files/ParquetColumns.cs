using System.Globalization;
using MlOps.Ingest.Schema;
using Parquet;
using Parquet.Schema;

namespace MlOps.Ingest.Sources.Files;

/// <summary>Parquet column types as warehouse types, and a row group's column read as boxed values of those types.</summary>
internal static class ParquetColumns
{
    public static DataType? TypeOf(DataField field) => Bare(field) switch
    {
        var t when t == typeof(bool) => DataType.Bool,
        var t when t == typeof(sbyte) || t == typeof(byte) || t == typeof(short) || t == typeof(ushort)
            || t == typeof(int) || t == typeof(uint) || t == typeof(long) => DataType.BigInt,
        var t when t == typeof(ulong) || t == typeof(decimal) => DataType.Decimal,
        var t when t == typeof(float) || t == typeof(double) => DataType.Double,
        var t when t == typeof(DateTime) || t == typeof(DateTimeOffset) => DataType.Timestamp,
        var t when t == typeof(DateOnly) => DataType.Date,
        var t when IsString(t) || IsBytes(t) || t == typeof(Guid) || t == typeof(TimeSpan) || t == typeof(TimeOnly) => DataType.Text,
        _ => null,
    };

    public static async Task<object?[]> ReadAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var type = Bare(field);
        if (IsString(type))
        {
            var strings = new string?[count];
            await group.ReadAsync(field, strings.AsMemory(), null, cancellationToken);
            return [.. strings];
        }
        if (IsBytes(type))
        {
            var blobs = new byte[]?[count];
            await group.ReadAsync(field, blobs.AsMemory(), null, cancellationToken);
            return [.. blobs.Select(b => b is null ? null : (object)Convert.ToBase64String(b))];
        }
        return type switch
        {
            _ when type == typeof(bool) => await Read<bool>(group, field, count, v => v, cancellationToken),
            _ when type == typeof(sbyte) => await Read<sbyte>(group, field, count, v => (long)v, cancellationToken),
            _ when type == typeof(byte) => await Read<byte>(group, field, count, v => (long)v, cancellationToken),
            _ when type == typeof(short) => await Read<short>(group, field, count, v => (long)v, cancellationToken),
            _ when type == typeof(ushort) => await Read<ushort>(group, field, count, v => (long)v, cancellationToken),
            _ when type == typeof(int) => await Read<int>(group, field, count, v => (long)v, cancellationToken),
            _ when type == typeof(uint) => await Read<uint>(group, field, count, v => (long)v, cancellationToken),
            _ when type == typeof(long) => await Read<long>(group, field, count, v => v, cancellationToken),
            _ when type == typeof(ulong) => await Read<ulong>(group, field, count, v => (decimal)v, cancellationToken),
            _ when type == typeof(float) => await Read<float>(group, field, count, v => (double)v, cancellationToken),
            _ when type == typeof(double) => await Read<double>(group, field, count, v => v, cancellationToken),
            _ when type == typeof(decimal) => await Read<decimal>(group, field, count, v => v, cancellationToken),
            _ when type == typeof(DateTime) => await Read<DateTime>(group, field, count, v => Utc(v), cancellationToken),
            _ when type == typeof(DateTimeOffset) => await Read<DateTimeOffset>(group, field, count, v => v.UtcDateTime, cancellationToken),
            _ when type == typeof(DateOnly) => await Read<DateOnly>(group, field, count, v => v, cancellationToken),
            _ when type == typeof(Guid) => await Read<Guid>(group, field, count, v => v.ToString(), cancellationToken),
            _ when type == typeof(TimeSpan) => await Read<TimeSpan>(group, field, count,
                v => v.ToString("c", CultureInfo.InvariantCulture), cancellationToken),
            _ when type == typeof(TimeOnly) => await Read<TimeOnly>(group, field, count,
                v => v.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture), cancellationToken),
            _ => throw new SourceException($"column {field.Name}: Parquet type {type.Name} is not supported"),
        };
    }

    /// <summary>Timestamps are UTC: an unspecified (not adjusted to UTC) Parquet timestamp is taken as UTC already.</summary>
    private static object Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    // Parquet.Net 6 reports UTF-8 and binary columns as ReadOnlyMemory of char or byte; both read as string and byte[].
    private static bool IsString(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static bool IsBytes(Type type) => type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>);

    private static Type Bare(DataField field) => Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;

    private static async Task<object?[]> Read<T>(
        ParquetRowGroupReader group, DataField field, int count, Func<T, object> box, CancellationToken cancellationToken) where T : struct
    {
        var values = new object?[count];
        if (field.IsNullable)
        {
            var buffer = new T?[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                values[i] = buffer[i] is { } value ? box(value) : null;
            }
        }
        else
        {
            var buffer = new T[count];
            await group.ReadAsync(field, buffer.AsMemory(), null, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                values[i] = box(buffer[i]);
            }
        }
        return values;
    }
}
