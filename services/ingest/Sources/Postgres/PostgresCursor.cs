using System.Globalization;
using System.Text.Json;
using NpgsqlTypes;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>The incremental cursor's values: the start parameter (last value minus lookback) and the state JSON.</summary>
public static class PostgresCursor
{
    private static readonly string[] Times = ["timestamp", "timestamptz", "date"];

    /// <summary>The start of a run as a typed parameter for the cursor's PostgreSQL type.</summary>
    public static (object Value, NpgsqlDbType Type) Start(JsonElement last, TimeSpan lookback, string postgresType, string cursor)
    {
        if (lookback > TimeSpan.Zero && !Times.Contains(postgresType))
        {
            throw new SourceConfigException("incremental.lookback", $"applies to timestamp or date cursors; {cursor} is {postgresType}");
        }
        try
        {
            return postgresType switch
            {
                "timestamptz" => (Minus(ParseTime(last), lookback), NpgsqlDbType.TimestampTz),
                "timestamp" => (DateTime.SpecifyKind(Minus(ParseTime(last), lookback), DateTimeKind.Unspecified), NpgsqlDbType.Timestamp),
                "date" => (DateOnly.FromDateTime(Minus(ParseTime(last), lookback)), NpgsqlDbType.Date),
                "int2" or "int4" or "int8" => (last.GetInt64(), NpgsqlDbType.Bigint),
                "numeric" => (last.GetDecimal(), NpgsqlDbType.Numeric),
                "float4" or "float8" => (last.GetDouble(), NpgsqlDbType.Double),
                "text" or "varchar" or "bpchar" or "uuid" or "name" => (last.GetString()!, NpgsqlDbType.Text),
                _ => throw new SourceConfigException("incremental.cursor_column", $"{cursor} is {postgresType}, not a type a cursor can be"),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new SourceConfigException("incremental.initial_value", $"{last.GetRawText()} is not a value of {cursor}'s type {postgresType}");
        }
    }

    public static JsonElement State(object last) => JsonSerializer.SerializeToElement(new Dictionary<string, object>
    {
        ["last_value"] = last switch
        {
            DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => last,
        },
    });

    // A lookback reaching before year 1 starts at the earliest time (Npgsql writes it as -infinity) instead of throwing.
    private static DateTime Minus(DateTime time, TimeSpan lookback) => time.Ticks > lookback.Ticks
        ? time - lookback
        : DateTime.SpecifyKind(DateTime.MinValue, time.Kind);

    private static DateTime ParseTime(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? DateTime.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
        : throw new FormatException();
}
