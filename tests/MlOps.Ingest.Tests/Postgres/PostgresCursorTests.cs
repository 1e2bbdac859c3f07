using System.Text.Json;
using MlOps.Ingest.Sources.Postgres;
using NpgsqlTypes;

namespace MlOps.Ingest.Tests.Postgres;

public sealed class PostgresCursorTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public void Start_LookbackBeforeYearOne_ClampedToTheEarliestTime()
    {
        var last = JsonSerializer.SerializeToElement("0001-01-01T12:00:00Z");

        var timestamptz = PostgresCursor.Start(last, Day, "timestamptz", "c");
        var timestamp = PostgresCursor.Start(last, Day, "timestamp", "c");
        var date = PostgresCursor.Start(last, Day, "date", "c");

        Assert.Equal((DateTime.MinValue, DateTimeKind.Utc, NpgsqlDbType.TimestampTz), ((DateTime)timestamptz.Value, ((DateTime)timestamptz.Value).Kind, timestamptz.Type));
        Assert.Equal((DateTime.MinValue, DateTimeKind.Unspecified, NpgsqlDbType.Timestamp), ((DateTime)timestamp.Value, ((DateTime)timestamp.Value).Kind, timestamp.Type));
        Assert.Equal((DateOnly.MinValue, NpgsqlDbType.Date), ((DateOnly)date.Value, date.Type));
    }

    [Fact]
    public void Start_Lookback_SubtractedFromTheLastValue()
    {
        var last = JsonSerializer.SerializeToElement("2024-03-01T06:00:00Z");

        var start = PostgresCursor.Start(last, Day, "timestamptz", "c");

        Assert.Equal(new DateTime(2024, 2, 29, 6, 0, 0, DateTimeKind.Utc), start.Value);
    }
}
