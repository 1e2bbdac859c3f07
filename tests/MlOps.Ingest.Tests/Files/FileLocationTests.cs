using System.Text;
using Amazon.S3.Model;
using MlOps.Ingest.Sources;

namespace MlOps.Ingest.Tests.Files;

public sealed class FileLocationTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("../outside.csv", "location.path")]
    [InlineData("a/../../outside.csv", "location.path")]
    [InlineData("/etc/passwd", "location.path")]
    [InlineData("~/x.csv", "location.path")]
    [InlineData("a\\\\..\\\\x.csv", "location.path")]
    public void Path_Escaping_RefusedAsConfigError(string path, string field)
    {
        var error = Assert.Throws<SourceConfigException>(() =>
            _files.Source($$$"""{"resource":"r","format":"csv","location":{"type":"path","path":"{{{path}}}"}}"""));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Path_SymlinkOutOfTheRoot_RefusedWhenListed()
    {
        File.WriteAllText(Path.Combine(_files.Folder, "secret.csv"), "a\n1\n");
        Directory.CreateDirectory(Path.Combine(_files.Folder, "elsewhere"));
        File.WriteAllText(Path.Combine(_files.Folder, "elsewhere", "b.csv"), "a\n2\n");
        File.CreateSymbolicLink(Path.Combine(_files.Root, "link.csv"), Path.Combine(_files.Folder, "secret.csv"));
        Directory.CreateSymbolicLink(Path.Combine(_files.Root, "dir"), Path.Combine(_files.Folder, "elsewhere"));

        var file = await Assert.ThrowsAsync<SourceConfigException>(() =>
            FilesFixture.ReadAllAsync(_files.Source("""{"resource":"r","location":{"type":"path","path":"link.csv"}}""")));
        var viaDir = await Assert.ThrowsAsync<SourceConfigException>(() =>
            FilesFixture.ReadAllAsync(_files.Source("""{"resource":"r","location":{"type":"path","path":"dir/*.csv"}}""")));
        var glob = await Assert.ThrowsAsync<SourceConfigException>(() =>
            FilesFixture.ReadAllAsync(_files.Source("""{"resource":"r","location":{"type":"path","path":"**/*.csv"}}""")));

        Assert.Equal("location.path: link.csv leads outside the files root", file.Message);
        Assert.Equal("location.path: dir leads outside the files root", viaDir.Message);
        Assert.Equal("location.path", glob.Field);
    }

    [Fact]
    public async Task Path_SymlinkInsideTheRoot_Read()
    {
        _files.Write("real/a.csv", "v\n1\n");
        File.CreateSymbolicLink(Path.Combine(_files.Root, "alias.csv"), Path.Combine(_files.Root, "real", "a.csv"));

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(_files.Source("""{"resource":"r","location":{"type":"path","path":"alias.csv"}}""")));

        Assert.Equal([["1"]], batch.Rows);
    }

    [Fact]
    public async Task Path_Glob_MatchingFilesOnlyOldestFirst()
    {
        var old = _files.Write("in/2024/b.csv", "v\nb\n");
        File.SetLastWriteTimeUtc(old, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        _files.Write("in/2025/a.csv", "v\na\n");
        _files.Write("in/2025/skip.jsonl", "{}\n");
        _files.Write("other/c.csv", "v\nc\n");

        var batches = await FilesFixture.ReadAllAsync(_files.Source("""{"resource":"r","location":{"type":"path","path":"in/**/*.csv"}}"""));

        Assert.Equal(["b", "a"], batches.Select(b => (string)b.Rows[0][0]!));
        Assert.Equal(["in/2024/b.csv line 2", "in/2025/a.csv line 2"], batches.Select(b => b.PositionOf(0)));
    }

    [Fact]
    public async Task Path_MissingFile_SourceException()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() =>
            FilesFixture.ReadAllAsync(_files.Source("""{"resource":"r","location":{"type":"path","path":"none.csv"}}""")));

        Assert.Equal("none.csv: no such file under the files root", error.Message);
    }

    [Fact]
    public async Task Upload_SavedThenRead_OnlyByItsTenant()
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("{\"k\":1}\n"));
        var id = await _files.Uploads.SaveAsync("t1", "my data.jsonl", content, TestContext.Current.CancellationToken);
        var config = $$$"""{"resource":"u","location":{"type":"upload","upload_id":"{{{id}}}"}}""";

        var batch = Assert.Single(await FilesFixture.ReadAllAsync(_files.Source(config)));
        var other = await Assert.ThrowsAsync<SourceConfigException>(() =>
            FilesFixture.ReadAllAsync(_files.Source(config), new SourceReadContext { TenantId = "t2" }));

        Assert.EndsWith(".jsonl", id);
        Assert.Equal(1, batch.Documents[0].GetProperty("k").GetInt32());
        Assert.Equal("location.upload_id", other.Field);
    }

    [Fact]
    public async Task S3_ObjectByKeyAndByPrefix_ReadUnderTheTenantsPrefix()
    {
        var prefix = $"ingest-files/{Guid.NewGuid():N}/";
        var ct = TestContext.Current.CancellationToken;
        await _files.S3.PutObjectAsync(new PutObjectRequest { BucketName = "mlops-test", Key = $"t1/{prefix}a.csv", ContentBody = "x,y\n1,2\n", UseChunkEncoding = false }, ct);
        await _files.S3.PutObjectAsync(new PutObjectRequest { BucketName = "mlops-test", Key = $"t1/{prefix}b.jsonl", ContentBody = "{\"z\":3}\n", UseChunkEncoding = false }, ct);

        var byKey = Assert.Single(await FilesFixture.ReadAllAsync(
            _files.Source($$$"""{"resource":"s","location":{"type":"s3","bucket":"mlops-test","key":"{{{prefix}}}a.csv"}}""")));
        var byPrefix = await FilesFixture.ReadAllAsync(
            _files.Source($$$"""{"resource":"s","location":{"type":"s3","bucket":"mlops-test","prefix":"{{{prefix}}}"}}"""));

        Assert.Equal([["1", "2"]], byKey.Rows);
        Assert.Equal($"s3://mlops-test/t1/{prefix}a.csv line 2", byKey.PositionOf(0));
        Assert.Equal(8, byKey.Bytes);
        Assert.Equal(2, byPrefix.Count);
        Assert.Equal(3, byPrefix.Single(b => b.Documents.Count == 1).Documents[0].GetProperty("z").GetInt32());
    }

    [Fact]
    public async Task S3_MissingKey_SourceExceptionNamingTheObject()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => FilesFixture.ReadAllAsync(
            _files.Source("""{"resource":"s","location":{"type":"s3","bucket":"mlops-test","key":"nope/missing.csv"}}""")));

        Assert.Equal("s3://mlops-test/t1/nope/missing.csv: no such bucket or object", error.Message);
    }

    [Fact]
    public async Task Incremental_SecondRun_ReadsOnlyTheNewFile()
    {
        var first = _files.Write("drop/1.csv", "v\none\n");
        File.SetLastWriteTimeUtc(first, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        const string Config = """{"resource":"drop","incremental":true,"location":{"type":"path","path":"drop/*.csv"}}""";

        var run1 = await FilesFixture.ReadAllAsync(_files.Source(Config));
        var second = _files.Write("drop/2.csv", "v\ntwo\n");
        File.SetLastWriteTimeUtc(second, new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        var state = new Dictionary<string, System.Text.Json.JsonElement> { ["drop"] = run1[^1].StateAfter!.Value };
        var run2 = await FilesFixture.ReadAllAsync(_files.Source(Config), new SourceReadContext { TenantId = "t1", State = state });
        var run3 = await FilesFixture.ReadAllAsync(_files.Source(Config),
            new SourceReadContext { TenantId = "t1", State = new Dictionary<string, System.Text.Json.JsonElement> { ["drop"] = run2[^1].StateAfter!.Value } });

        Assert.Equal([[(object?)"one"]], Assert.Single(run1).Rows);
        Assert.Equal("""{"last_modified":"2025-01-01T00:00:00.0000000Z","files":["drop/1.csv"]}""", run1[0].StateAfter!.Value.GetRawText());
        Assert.Equal([[(object?)"two"]], Assert.Single(run2).Rows);
        Assert.Equal("""{"last_modified":"2025-01-02T00:00:00.0000000Z","files":["drop/2.csv"]}""", run2[0].StateAfter!.Value.GetRawText());
        Assert.Empty(run3);
    }

    [Theory]
    [InlineData("""{"location":{"type":"path","path":"a.csv"}}""", "resource")]
    [InlineData("""{"resource":"r"}""", "location")]
    [InlineData("""{"resource":"r","location":{"type":"ftp"}}""", "location.type")]
    [InlineData("""{"resource":"r","location":{"type":"s3","bucket":"mlops-test"}}""", "location")]
    [InlineData("""{"resource":"r","location":{"type":"s3","bucket":"Bad_Bucket","key":"k"}}""", "location.bucket")]
    [InlineData("""{"resource":"r","location":{"type":"s3","bucket":"other-bucket","key":"k"}}""", "location.bucket")]
    [InlineData("""{"resource":"r","location":{"type":"s3","bucket":"mlops-test","key":"../t2/x.csv"}}""", "location.key")]
    [InlineData("""{"resource":"r","location":{"type":"s3","bucket":"mlops-test","key":"/t2/x.csv"}}""", "location.key")]
    [InlineData("""{"resource":"r","location":{"type":"s3","bucket":"mlops-test","prefix":"a/../../t2/"}}""", "location.prefix")]
    [InlineData("""{"resource":"r","location":{"type":"upload","upload_id":"../x"}}""", "location.upload_id")]
    [InlineData("""{"resource":"r","format":"xml","location":{"type":"path","path":"a"}}""", "format")]
    [InlineData("""{"resource":"r","compression":"zip","location":{"type":"path","path":"a.csv"}}""", "compression")]
    [InlineData("""{"resource":"r","csv":{"delimiter":";;"},"location":{"type":"path","path":"a.csv"}}""", "csv.delimiter")]
    [InlineData("""{"resource":"r","csv":{"quote":"'"},"location":{"type":"path","path":"a.csv"}}""", "csv.quote")]
    [InlineData("""{"resource":"r","write_disposition":"upsert","location":{"type":"path","path":"a.csv"}}""", "write_disposition")]
    [InlineData("""{"resource":"r","columns":{"a":{"data_type":"money"}},"location":{"type":"path","path":"a.csv"}}""", "columns.a.data_type")]
    [InlineData("""{"resource":"r","schema_contract":{"columns":"strict"},"location":{"type":"path","path":"a.csv"}}""", "schema_contract.columns")]
    [InlineData("""{"resource":"r","primary_key":[1],"location":{"type":"path","path":"a.csv"}}""", "primary_key[0]")]
    [InlineData("""{"resource":"r","columns":{"a":{"colour":"red"}},"location":{"type":"path","path":"a.csv"}}""", "columns.a.colour")]
    public void Config_Invalid_NamesTheField(string json, string field)
    {
        var error = Assert.Throws<SourceConfigException>(() => _files.Source(json));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Config_Hints_ParsedLikeDlt()
    {
        var source = _files.Source("""
            {"resource":"orders","location":{"type":"path","path":"o.csv"},"primary_key":["id","line"],
             "write_disposition":{"disposition":"merge","strategy":"upsert"},"columns":{"amount":{"data_type":"decimal","precision":12,"scale":2}},
             "schema_contract":"freeze"}
            """);

        var hints = Assert.Single(source.Resources);
        Assert.Equal("orders", hints.Name);
        Assert.Equal(["id", "line"], hints.PrimaryKey);
        Assert.Equal(Ingest.Loading.WriteDisposition.Merge, hints.Disposition);
        Assert.Equal(Ingest.Loading.MergeStrategy.Upsert, hints.MergeStrategy);
        Assert.Equal(new Ingest.Schema.ColumnHint { DataType = Ingest.Schema.DataType.Decimal, Precision = 12, Scale = 2 }, hints.Columns["amount"]);
        Assert.Equal(new Ingest.Schema.SchemaContract(Ingest.Schema.ContractMode.Freeze, Ingest.Schema.ContractMode.Freeze, Ingest.Schema.ContractMode.Freeze), hints.Contract);
    }

    [Fact]
    public void Config_ColumnsAsAListWithPrimaryKeyHints_ParsedLikeTheRestApiSource()
    {
        var source = _files.Source("""
            {"resource":"orders","location":{"type":"path","path":"o.csv"},"write_disposition":"merge",
             "columns":[{"name":"id","data_type":"bigint","primary_key":true},{"name":"note","nullable":true}]}
            """);

        var hints = Assert.Single(source.Resources);
        Assert.Equal(["id"], hints.PrimaryKey);
        Assert.Equal(Ingest.Schema.DataType.BigInt, hints.Columns["id"].DataType);
        Assert.True(hints.Columns["note"].Nullable);
    }
}
