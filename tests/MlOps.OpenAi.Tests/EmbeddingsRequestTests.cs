using System.Text.Json;

namespace MlOps.OpenAi.Tests;

public sealed class EmbeddingsRequestTests
{
    [Theory]
    [InlineData("""{"input":"hi"}""", "model")]
    [InlineData("""{"model":"e"}""", "input")]
    [InlineData("""{"model":"e","input":[]}""", "input")]
    [InlineData("""{"model":"e","input":["a",""]}""", "input")]
    [InlineData("""{"model":"e","input":[1,2]}""", "input")]
    [InlineData("""{"model":"e","input":"a","dimensions":0}""", "dimensions")]
    [InlineData("""{"model":"e","input":"a","dimensions":"8"}""", "dimensions")]
    [InlineData("""{"model":"e","input":"a","encoding_format":"int8"}""", "encoding_format")]
    [InlineData("""{"model":"e","input":"a","user":[]}""", "user")]
    public void Read_BadRequest_400NamingTheParam(string json, string param)
    {
        var (request, error) = EmbeddingsRequest.Read(JsonElement.Parse(json));

        Assert.Null(request);
        Assert.Equal((400, param), (error!.Status, error.Param));
    }

    [Fact]
    public void Read_Valid_ValuesAsSent()
    {
        var (request, error) = EmbeddingsRequest.Read(JsonElement.Parse("""{"model":"e","input":["a","b"],"dimensions":8,"encoding_format":"base64"}"""));

        Assert.Null(error);
        Assert.Equal(("e", 8L, true), (request!.Model, request.Dimensions, request.Base64));
        Assert.Equal(["a", "b"], request.Inputs);
    }

    [Fact]
    public void ToBase64_LittleEndianFloat32()
    {
        // 1.0f is 0x3F800000: little-endian bytes 00 00 80 3F.
        Assert.Equal(Convert.ToBase64String([0, 0, 0x80, 0x3F]), EmbeddingsRequest.ToBase64([1f]));
    }
}
