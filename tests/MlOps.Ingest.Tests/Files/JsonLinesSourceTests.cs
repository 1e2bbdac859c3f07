using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.Files;

public sealed class JsonLinesSourceTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task JsonLines_ObjectsAndBadLines_DocumentsAndRejectedWithLineNumbers()
    {
        _files.Write("events.jsonl", "{\"id\":1,\"user\":{\"name\":\"a\"}}\r\n{\"id\":2,\n\n[1,2]\n{\"id\":3,\"tags\":[\"x\"]}");
        var source = _files.Source("""{"resource":"events","location":{"type":"path","path":"events.jsonl"}}""");

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(source));

        Assert.Equal(2, batch.Documents.Count);
        Assert.Equal("""{"id":1,"user":{"name":"a"}}""", batch.Documents[0].GetRawText());
        Assert.Equal("""{"id":3,"tags":["x"]}""", batch.Documents[1].GetRawText());
        Assert.Equal("events.jsonl line 1", batch.PositionOf(0));
        Assert.Equal("events.jsonl line 5", batch.PositionOf(1));
        Assert.Equal(2, batch.Rejected.Count);
        Assert.Equal("events.jsonl line 2", batch.Rejected[0].Position);
        Assert.StartsWith("not valid JSON", batch.Rejected[0].Reason);
        Assert.Equal("{\"id\":2,", batch.Rejected[0].Raw);
        Assert.Equal(new RejectedRecord("events.jsonl line 4", "a JSON array, not an object", "[1,2]"), batch.Rejected[1]);
    }

    [Fact]
    public async Task JsonLines_InvalidUtf8_LineRejected()
    {
        _files.Write("bytes.jsonl", [.. "{\"a\":\"x\"}\n{\"a\":\""u8, 0xC3, 0x28, .. "\"}\n"u8]);
        var source = _files.Source("""{"resource":"b","location":{"type":"path","path":"bytes.jsonl"}}""");

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(source));

        Assert.Single(batch.Documents);
        Assert.Equal("bytes.jsonl line 2", Assert.Single(batch.Rejected).Position);
    }

    [Fact]
    public async Task JsonLines_BatchRows_DocumentsSplitInOrder()
    {
        _files.Write("n.ndjson", string.Concat(Enumerable.Range(1, 7).Select(i => $"{{\"i\":{i}}}\n")));
        var source = _files.Source("""{"resource":"n","location":{"type":"path","path":"n.ndjson"}}""");

        var batches = await FilesFixture.ReadAllAsync(source, new SourceReadContext { TenantId = "t1", BatchRows = 3 });

        Assert.Equal([3, 3, 1], batches.Select(b => b.Documents.Count));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], batches.SelectMany(b => b.Documents).Select(d => d.GetProperty("i").GetInt32()));
        Assert.Equal("n.ndjson line 7", batches[2].PositionOf(0));
    }
}
