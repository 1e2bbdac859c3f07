using System.IO.Compression;
using System.Text;
using MlOps.Ingest.Sources;
using Parquet;
using Parquet.Schema;

namespace MlOps.Ingest.Tests.Files;

/// <summary>The readers' memory and disk bounds, each shown with a small configured limit: at the limit read, past it refused.</summary>
public sealed class FileLimitsTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Csv_RowAtAndPastMaxRowBytes_ReadThenRefusedNamingTheLine()
    {
        _files.Options.FileLimits.MaxCsvRowBytes = 8;
        _files.Write("ok.csv", "a,b\n1234,678\n");
        _files.Write("long.csv", "a,b\n1234,678\n1234,6789\n");

        var ok = Assert.Single(await FilesFixture.ReadAllAsync(Csv("ok.csv")));
        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(Csv("long.csv")));

        Assert.Equal([["1234", "678"]], ok.Rows);
        Assert.Equal("long.csv line 3: a row longer than 8 bytes (an unclosed quote?) (MlOps:Ingest:FileLimits:MaxCsvRowBytes)", error.Message);
    }

    [Fact]
    public async Task Csv_UnclosedQuote_RefusedOnceTheRowPassesTheLimit()
    {
        _files.Options.FileLimits.MaxCsvRowBytes = 64;
        _files.Write("quote.csv", "a,b\n1,\"open\n" + string.Concat(Enumerable.Repeat("2,short\n", 20)));

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(Csv("quote.csv")));

        Assert.Equal("quote.csv line 2: a row longer than 64 bytes (an unclosed quote?) (MlOps:Ingest:FileLimits:MaxCsvRowBytes)", error.Message);
    }

    [Fact]
    public async Task Csv_OneLineGzipBomb_RefusedInTheHeader()
    {
        _files.Options.FileLimits.MaxCsvRowBytes = 1024;
        _files.Write("bomb.csv.gz", Gzip(Enumerable.Repeat((byte)'a', 1024 * 1024).ToArray()));

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(Csv("bomb.csv.gz")));

        Assert.Equal("bomb.csv.gz line 1: a row longer than 1024 bytes (an unclosed quote?) (MlOps:Ingest:FileLimits:MaxCsvRowBytes)", error.Message);
    }

    [Theory]
    [InlineData("true", "a,b,c,d\n1,2,3,4\n")]
    [InlineData("false", "1,2,3,4\n")]
    public async Task Csv_MoreColumnsThanMaxCsvColumns_Refused(string header, string text)
    {
        _files.Options.FileLimits.MaxCsvColumns = 3;
        _files.Write("wide.csv", text);
        var source = _files.Source($$$"""{"resource":"w","location":{"type":"path","path":"wide.csv"},"csv":{"header":{{{header}}}}}""");

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(source));

        Assert.Equal("wide.csv line 1: 4 columns, more than 3 (MlOps:Ingest:FileLimits:MaxCsvColumns)", error.Message);
    }

    [Fact]
    public async Task Csv_RowsPastMaxBatchBytes_BatchHandedOutEarly()
    {
        _files.Options.FileLimits.MaxBatchBytes = 10;
        _files.Write("rows.csv", "v\n123456\n223456\n323456\n423456\n523456\n");

        var batches = await FilesFixture.ReadAllAsync(Csv("rows.csv"));

        Assert.Equal([2, 2, 1], batches.Select(b => b.Rows.Count));
        Assert.Equal(["123456", "223456", "323456", "423456", "523456"], batches.SelectMany(b => b.Rows).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task JsonLines_LinesPastMaxBatchBytes_BatchHandedOutEarly()
    {
        _files.Options.FileLimits.MaxBatchBytes = 14;
        _files.Write("n.jsonl", string.Concat(Enumerable.Range(1, 5).Select(i => $"{{\"i\":{i}}}\n")));
        var source = _files.Source("""{"resource":"n","location":{"type":"path","path":"n.jsonl"}}""");

        var batches = await FilesFixture.ReadAllAsync(source);

        Assert.Equal([2, 2, 1], batches.Select(b => b.Documents.Count));
        Assert.Equal([1, 2, 3, 4, 5], batches.SelectMany(b => b.Documents).Select(d => d.GetProperty("i").GetInt32()));
    }

    [Fact]
    public async Task Parquet_RowGroupPastMaxRows_RefusedNamingTheFileAndTheCap()
    {
        await WriteParquetAsync("g.parquet", 3);
        _files.Options.FileLimits.MaxParquetRowGroupRows = 3;
        var atTheCap = Assert.Single(await FilesFixture.ReadAllAsync(Parquet("g.parquet")));
        _files.Options.FileLimits.MaxParquetRowGroupRows = 2;

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(Parquet("g.parquet")));

        Assert.Equal(3, atTheCap.Rows.Count);
        Assert.Equal("g.parquet: row group 0 has 3 rows, more than 2 (MlOps:Ingest:FileLimits:MaxParquetRowGroupRows)", error.Message);
    }

    [Fact]
    public async Task Parquet_RowGroupPastMaxValues_RefusedNamingTheFileAndTheCap()
    {
        await WriteParquetAsync("g.parquet", 3);
        _files.Options.FileLimits.MaxParquetRowGroupValues = 6;
        var atTheCap = Assert.Single(await FilesFixture.ReadAllAsync(Parquet("g.parquet")));
        _files.Options.FileLimits.MaxParquetRowGroupValues = 5;

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(Parquet("g.parquet")));

        Assert.Equal(3, atTheCap.Rows.Count);
        Assert.Equal(
            "g.parquet: row group 0 has 3 rows × 2 columns, more than 5 values (MlOps:Ingest:FileLimits:MaxParquetRowGroupValues)",
            error.Message);
    }

    [Fact]
    public async Task Parquet_GzipPastMaxDecompressedBytes_Refused()
    {
        var plain = await WriteParquetAsync("g.parquet", 3);
        var bytes = File.ReadAllBytes(plain);
        _files.Write("g.parquet.gz", Gzip(bytes));
        _files.Options.FileLimits.MaxDecompressedBytes = bytes.Length;
        var atTheCap = Assert.Single(await FilesFixture.ReadAllAsync(Parquet("g.parquet.gz")));
        _files.Options.FileLimits.MaxDecompressedBytes = bytes.Length - 1;

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(Parquet("g.parquet.gz")));

        Assert.Equal(3, atTheCap.Rows.Count);
        Assert.Equal(
            $"g.parquet.gz: more than {bytes.Length - 1} bytes once decompressed (MlOps:Ingest:FileLimits:MaxDecompressedBytes)",
            error.Message);
    }

    private IPipelineSource Csv(string path) =>
        _files.Source($$$"""{"resource":"c","location":{"type":"path","path":"{{{path}}}"}}""");

    private IPipelineSource Parquet(string path) =>
        _files.Source($$$"""{"resource":"p","location":{"type":"path","path":"{{{path}}}"}}""");

    /// <summary>One row group of <paramref name="rows"/> rows and two columns.</summary>
    private async Task<string> WriteParquetAsync(string name, int rows)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = new DataField<long>("id");
        var label = new DataField<string>("label");
        var path = Path.Combine(_files.Root, name);
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, label), file, cancellationToken: ct);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<long>(id, Enumerable.Range(1, rows).Select(i => (long)i).ToArray(), null, null, ct);
        await group.WriteAsync(label, Enumerable.Range(1, rows).Select(i => $"r{i}").ToArray());
        return path;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return buffer.ToArray();
    }
}
