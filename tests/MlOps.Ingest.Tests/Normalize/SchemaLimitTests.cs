using MlOps.Ingest.Loading;
using MlOps.Ingest.Normalize;
using MlOps.Ingest.Schema;
using static MlOps.Ingest.Tests.Normalize.Batches;

namespace MlOps.Ingest.Tests.Normalize;

/// <summary>A source whose keys never settle cannot grow a dataset's schema without bound: the load fails naming the limit.</summary>
public sealed class SchemaLimitTests
{
    [Fact]
    public void Normalize_DocumentWithMoreDistinctKeysThanATableMayHave_FailsNamingTheLimit()
    {
        var fields = string.Join(",", Enumerable.Range(0, 1_000).Select(i => $"\"k{i}\": {i}"));

        var error = Assert.Throws<LoadFailedException>(() => new Normalizer(Empty, LoadId).Normalize(Json("events", $"{{{fields}}}"), Hints("events")));

        Assert.StartsWith("table events: a new column '", error.Message);
        Assert.Contains("would pass 1000 columns", error.Message);
    }

    [Fact]
    public void Normalize_DocumentWithMoreListsThanADatasetMayHaveTables_FailsNamingTheLimit()
    {
        var lists = string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"l{i}\": [1]"));

        var error = Assert.Throws<LoadFailedException>(() => new Normalizer(Empty, LoadId).Normalize(Json("events", $"{{\"id\": 1, {lists}}}"), Hints("events")));

        Assert.StartsWith("dataset sales: a new table 'events__l", error.Message);
        Assert.Contains("would pass 500 tables", error.Message);
    }

    [Fact]
    public void Normalize_JustUnderTheLimits_Loads()
    {
        var fields = string.Join(",", Enumerable.Range(0, 990).Select(i => $"\"k{i}\": {i}"));

        var batch = new Normalizer(Empty, LoadId).Normalize(Json("events", $"{{{fields}}}"), Hints("events"));

        Assert.Equal(992, batch.Table("events").Table.Columns.Count);
    }
}
