using System.IO.Compression;
using System.Net;
using System.Text;
using Google.Protobuf;
using Google.Rpc;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class BadInputTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private async Task<(HttpStatusCode Status, Status Body)> PostAsync(HttpContent content)
    {
        var response = await fixture.Client("bad-input").PostAsync("/v1/traces", content, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var body = response.Content.Headers.ContentType?.MediaType == "application/json"
            ? Status.Parser.ParseJson(Encoding.UTF8.GetString(bytes))
            : Status.Parser.ParseFrom(bytes);
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Export_TruncatedProtobuf_400WithStatus()
    {
        // Field 1, length-delimited, length 127, then nothing.
        var (status, body) = await PostAsync(TracerFixture.Body([0x0A, 0x7F], "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.Code);
        Assert.StartsWith("the body is not an ExportTraceServiceRequest", body.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.SpansAsync("bad-input"));
    }

    [Theory]
    [InlineData("{\"resourceSpans\": [")]
    [InlineData("{\"resourceSpans\": {}}")]
    [InlineData("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \"not hex\"}]}]}]}")]
    [InlineData("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"startTimeUnixNano\": -5}]}]}]}")]
    public async Task Export_MalformedJson_400WithJsonStatus(string json)
    {
        var (status, body) = await PostAsync(TracerFixture.Body(Encoding.UTF8.GetBytes(json), "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, body.Code);
    }

    [Fact]
    public async Task Export_GzipHeaderOnPlainBody_400()
    {
        var (status, body) = await PostAsync(TracerFixture.Body(Otlp.Request("svc").ToByteArray().Append((byte)1).ToArray(), "application/x-protobuf", gzip: true));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("the body is not an ExportTraceServiceRequest: Content-Encoding is gzip but the body is not valid gzip", body.Message);
    }

    [Fact]
    public async Task Export_BodyOverTheLimit_413()
    {
        var (status, body) = await PostAsync(TracerFixture.Body(new byte[TracerFixture.MaxBodyBytes + 1], "application/x-protobuf"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal($"the body is {TracerFixture.MaxBodyBytes + 1} bytes; at most {TracerFixture.MaxBodyBytes} are accepted", body.Message);
    }

    [Fact]
    public async Task Export_GzipInflatingPastTheLimit_413()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new byte[TracerFixture.MaxDecompressedBytes + 1]);
        }
        Assert.True(compressed.Length < TracerFixture.MaxBodyBytes);

        var (status, body) = await PostAsync(TracerFixture.Body(compressed.ToArray(), "application/x-protobuf", gzip: true));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal($"the body after gzip is over {TracerFixture.MaxDecompressedBytes} bytes", body.Message);
    }

    [Fact]
    public async Task Export_TextPlain_415AsJson()
    {
        var response = await fixture.Client("bad-input").PostAsync("/v1/traces", TracerFixture.Body("hello"u8.ToArray(), "text/plain"),
            TestContext.Current.CancellationToken);
        var (status, body) = await PostAsync(TracerFixture.Body("hello"u8.ToArray(), "text/plain"));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("Content-Type must be application/x-protobuf or application/json", body.Message);
    }
}
