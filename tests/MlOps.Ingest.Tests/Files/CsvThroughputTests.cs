using System.Diagnostics;
using System.Text;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.Files;

public sealed class CsvThroughputTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Csv_TenColumns_ReadsWellAbove300kRowsPerSecond()
    {
        const int Rows = 600_000;
        var text = new StringBuilder("c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\n");
        for (var i = 0; i < Rows; i++)
        {
            text.Append(i).Append(",user_").Append(i % 977).Append(',').Append(i * 0.5).Append(",2024-05-01T10:00:00Z,true,")
                .Append(i % 13).Append(",\"quoted, text\",x,").Append(i % 3).Append(",last\n");
        }
        _files.Write("big.csv", text.ToString());
        var source = _files.Source("""{"resource":"big","location":{"type":"path","path":"big.csv"}}""");
        await FilesFixture.ReadAllAsync(_files.Source("""{"resource":"w","location":{"type":"path","path":"big.csv"}}"""),
            new SourceReadContext { TenantId = "t1", BatchRows = 10_000 });

        var clock = Stopwatch.StartNew();
        long count = 0;
        await foreach (var batch in source.ReadAsync(new SourceReadContext { TenantId = "t1" }, TestContext.Current.CancellationToken))
        {
            count += batch.Rows.Count;
        }
        var rate = count / clock.Elapsed.TotalSeconds;

        Assert.Equal(Rows, count);
        TestContext.Current.SendDiagnosticMessage($"CSV: {rate:N0} rows/s");
        Assert.True(rate > 300_000, $"{rate:N0} rows/s");
    }
}
