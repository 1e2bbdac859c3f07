using System.IO.Compression;
using System.Text;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.Files;

public sealed class CsvSourceTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Csv_HeaderAndQuotedFields_RowsAsStringsWithLineNumbers()
    {
        _files.Write("people.csv", "id,name,note\n1,\"Smith, Ann\",\"said \"\"hi\"\"\"\n2,Bob,\n3,\"multi\nline\",x\n");
        var source = _files.Source("""{"resource":"people","location":{"type":"path","path":"people.csv"}}""");

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(source));

        Assert.Equal("people", batch.Resource);
        Assert.Equal(["id", "name", "note"], batch.Columns);
        Assert.Equal([null, null, null], batch.ColumnTypes);
        Assert.Equal(3, batch.Rows.Count);
        Assert.Equal(["1", "Smith, Ann", "said \"hi\""], batch.Rows[0]);
        Assert.Equal(["2", "Bob", null], batch.Rows[1]);
        Assert.Equal(["3", "multi\nline", "x"], batch.Rows[2]);
        Assert.Equal("people.csv line 2", batch.PositionOf(0));
        Assert.Equal("people.csv line 4", batch.PositionOf(2));
        Assert.Empty(batch.Rejected);
        Assert.Equal(new FileInfo(Path.Combine(_files.Root, "people.csv")).Length, batch.Bytes);
    }

    [Fact]
    public async Task Csv_ShortAndLongLines_QuarantinedWithLineNumbersAndRawText()
    {
        _files.Write("data.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n");
        var source = _files.Source("""{"resource":"data","location":{"type":"path","path":"data.csv"}}""");

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(source));

        Assert.Equal([["1", "2", "3"], ["6", "7", "8"]], batch.Rows);
        Assert.Equal(
            [
                new RejectedRecord("data.csv line 3", "2 cells where the header has 3", "4,5"),
                new RejectedRecord("data.csv line 5", "4 cells where the header has 3", "9,10,11,12"),
            ],
            batch.Rejected);
    }

    [Fact]
    public async Task Csv_InvalidUtf8_RowRejectedNamingItsLine()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\nok,1\n").Concat(new byte[] { 0x62, 0xFF, 0x61, 0x64, 0x2C, 0x32, 0x0A })
            .Concat(Encoding.UTF8.GetBytes("caf\u00e9,3\n")).ToArray();
        _files.Write("bad.csv", bytes);
        var source = _files.Source("""{"resource":"bad","location":{"type":"path","path":"bad.csv"}}""");

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(source));

        Assert.Equal([["ok", "1"], ["caf\u00e9", "3"]], batch.Rows);
        var rejected = Assert.Single(batch.Rejected);
        Assert.Equal("bad.csv line 3", rejected.Position);
        Assert.Equal("not valid UTF-8", rejected.Reason);
        Assert.Equal("b\uFFFDad,2", rejected.Raw);
    }

    [Fact]
    public async Task Csv_Gzip_InferredFromExtension()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("x;y\n1;2\n3;4\n"u8);
        }
        _files.Write("in/numbers.csv.gz", buffer.ToArray());
        var source = _files.Source("""{"resource":"n","location":{"type":"path","path":"in/numbers.csv.gz"},"csv":{"delimiter":";"}}""");

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(source));

        Assert.Equal(["x", "y"], batch.Columns);
        Assert.Equal([["1", "2"], ["3", "4"]], batch.Rows);
        Assert.Equal(buffer.Length, batch.Bytes);
    }

    [Fact]
    public async Task Csv_NotGzipButNamedGz_SourceExceptionNamingTheFile()
    {
        _files.Write("plain.csv.gz", "a\n1\n");
        var source = _files.Source("""{"resource":"p","location":{"type":"path","path":"plain.csv.gz"}}""");

        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(source));

        Assert.StartsWith("plain.csv.gz: not valid gzip", error.Message);
    }

    [Fact]
    public async Task Csv_NoHeader_ColumnsNumbered()
    {
        _files.Write("raw.csv", "1,2\n3,4\n");
        var source = _files.Source("""{"resource":"r","location":{"type":"path","path":"raw.csv"},"csv":{"header":false}}""");

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(source));

        Assert.Equal(["column_1", "column_2"], batch.Columns);
        Assert.Equal([["1", "2"], ["3", "4"]], batch.Rows);
        Assert.Equal("raw.csv line 1", batch.PositionOf(0));
    }

    [Fact]
    public async Task Csv_MoreRowsThanBatchRows_BatchesBoundedAndComplete()
    {
        var text = new StringBuilder("i\n");
        for (var i = 0; i < 25; i++)
        {
            text.Append(i).Append('\n');
        }
        _files.Write("many.csv", text.ToString());
        var source = _files.Source("""{"resource":"m","location":{"type":"path","path":"many.csv"}}""");

        var batches = await FilesFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "t1", BatchRows = 10 });

        Assert.Equal([10, 10, 5], batches.Select(b => b.Rows.Count));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i.ToString()), batches.SelectMany(b => b.Rows).Select(r => (string)r[0]!));
        Assert.Equal("many.csv line 22", batches[2].PositionOf(0));
        Assert.Equal(text.Length, batches.Sum(b => b.Bytes));
    }
}
