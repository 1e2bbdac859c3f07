using MlOps.Ingest.Schema;
using MlOps.Ingest.Sources;
using Parquet;
using Parquet.Schema;

namespace MlOps.Ingest.Tests.Files;

public sealed class ParquetSourceTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Parquet_TypedColumnsInTwoRowGroups_TypesAndValuesExact()
    {
        var id = new DataField<long>("id");
        var flag = new DataField<bool?>("flag");
        var score = new DataField<double?>("score");
        var ratio = new DataField<float>("ratio");
        var price = new DecimalDataField("price", 10, 2, isNullable: true);
        var name = new DataField<string>("name");
        var at = new DataField<DateTime>("at");
        var day = new DataField<DateOnly>("day");
        var small = new DataField<int>("small");
        var schema = new ParquetSchema(id, flag, score, ratio, price, name, at, day, small);
        var ct = TestContext.Current.CancellationToken;
        var t1 = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        await using (var file = File.Create(Path.Combine(_files.Root, "typed.parquet")))
        await using (var writer = await ParquetWriter.CreateAsync(schema, file, cancellationToken: ct))
        {
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync<long>(id, new long[] { 1, 2 }, null, null, ct);
                await group.WriteAsync<bool>(flag, new bool?[] { true, null }, null, null, ct);
                await group.WriteAsync<double>(score, new double?[] { 0.5, null }, null, null, ct);
                await group.WriteAsync<float>(ratio, new float[] { 0.25f, 1.5f }, null, null, ct);
                await group.WriteAsync<decimal>(price, new decimal?[] { 12.34m, null }, null, null, ct);
                await group.WriteAsync(name, new[] { "a", null });
                await group.WriteAsync<DateTime>(at, new[] { t1, t1.AddDays(1) }, null, null, ct);
                await group.WriteAsync<DateOnly>(day, new[] { new DateOnly(2024, 1, 31), new DateOnly(2000, 2, 29) }, null, null, ct);
                await group.WriteAsync<int>(small, new[] { -7, 7 }, null, null, ct);
            }
            using (var group = writer.CreateRowGroup())
            {
                await group.WriteAsync<long>(id, new long[] { 3 }, null, null, ct);
                await group.WriteAsync<bool>(flag, new bool?[] { false }, null, null, ct);
                await group.WriteAsync<double>(score, new double?[] { -1e10 }, null, null, ct);
                await group.WriteAsync<float>(ratio, new float[] { 2f }, null, null, ct);
                await group.WriteAsync<decimal>(price, new decimal?[] { 0.01m }, null, null, ct);
                await group.WriteAsync(name, new[] { "c" });
                await group.WriteAsync<DateTime>(at, new[] { t1.AddHours(-1) }, null, null, ct);
                await group.WriteAsync<DateOnly>(day, new[] { new DateOnly(1999, 12, 31) }, null, null, ct);
                await group.WriteAsync<int>(small, new[] { 0 }, null, null, ct);
            }
        }
        var source = _files.Source("""{"resource":"typed","location":{"type":"path","path":"typed.parquet"}}""");

        var batches = await FilesFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "t1", BatchRows = 10 });

        Assert.Equal(2, batches.Count);
        Assert.Equal(["id", "flag", "score", "ratio", "price", "name", "at", "day", "small"], batches[0].Columns);
        Assert.Equal(
            [DataType.BigInt, DataType.Bool, DataType.Double, DataType.Double, DataType.Decimal, DataType.Text, DataType.Timestamp, DataType.Date, DataType.BigInt],
            batches[0].ColumnTypes);
        Assert.Equal([1L, true, 0.5, 0.25, 12.34m, "a", t1, new DateOnly(2024, 1, 31), -7L], batches[0].Rows[0]);
        Assert.Equal([2L, null, null, 1.5, null, null, t1.AddDays(1), new DateOnly(2000, 2, 29), 7L], batches[0].Rows[1]);
        Assert.Equal([3L, false, -1e10, 2.0, 0.01m, "c", t1.AddHours(-1), new DateOnly(1999, 12, 31), 0L], batches[1].Rows[0]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)batches[1].Rows[0][6]!).Kind);
        Assert.Equal("typed.parquet row 3", batches[1].PositionOf(0));
        Assert.Equal(new FileInfo(Path.Combine(_files.Root, "typed.parquet")).Length, batches.Sum(b => b.Bytes));
    }

    [Fact]
    public async Task Parquet_NotParquet_SourceExceptionNamingTheFile()
    {
        _files.Write("fake.parquet", "id,name\n1,a\n");
        var source = _files.Source("""{"resource":"f","location":{"type":"path","path":"fake.parquet"}}""");

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(source));

        Assert.StartsWith("fake.parquet: not a Parquet file", error.Message);
    }
}
