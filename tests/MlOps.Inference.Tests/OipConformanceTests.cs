using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.Inference.Tests;

[Collection(ServingCollection.Name)]
public sealed class OipConformanceTests(ServingFixture fixture)
{
    public static TheoryData<string, string> Datatypes => new()
    {
        { "BOOL", "[true,false,true,false,false,true]" },
        { "INT8", "[-128,0,127,1,-1,5]" },
        { "INT16", "[-32768,0,32767,1,-1,5]" },
        { "INT32", "[-2147483648,0,2147483647,1,-1,5]" },
        { "INT64", "[-9223372036854775808,0,9223372036854775807,1,-1,5]" },
        { "UINT8", "[0,1,255,2,3,4]" },
        { "UINT16", "[0,1,65535,2,3,4]" },
        { "UINT32", "[0,1,4294967295,2,3,4]" },
        { "UINT64", "[0,1,18446744073709551615,2,3,4]" },
        { "FP32", "[1.5,-2.25,0,3.4028235E+38,1E-05,7]" },
        { "FP64", "[0.1,-2.5,0,1.7976931348623157E+308,5E-324,7]" },
        { "BYTES", "[\"a\",\"\u00fc\",\"x,y\",\"\",\"quote\\\"d\",\"z\"]" },
    };

    [Theory]
    [MemberData(nameof(Datatypes))]
    public async Task Infer_EachDatatype_IdentityModelReturnsTheTensor(string datatype, string data)
    {
        var tenant = HttpJson.NewTenant();
        var model = "id-" + datatype.ToLowerInvariant();
        await fixture.DeployAsync(tenant, model, OnnxModelBuilder.Identity("x", "y", features: 3, datatype: datatype));
        using var client = fixture.Client(tenant);

        var body = JsonNode.Parse($$"""{"id":"req-1","inputs":[{"name":"x","shape":[2,3],"datatype":"{{datatype}}","data":{{data}}}]}""")!;
        var response = await client.PostJsonAsync($"/v2/models/{model}/infer", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal(model, json.GetProperty("model_name").GetString());
        Assert.Equal("1", json.GetProperty("model_version").GetString());
        Assert.Equal("req-1", json.GetProperty("id").GetString());
        var output = json.GetProperty("outputs")[0];
        Assert.Equal("y", output.GetProperty("name").GetString());
        Assert.Equal(datatype, output.GetProperty("datatype").GetString());
        Assert.Equal("[2,3]", output.GetProperty("shape").GetRawText());
        Assert.Equal(JsonNode.Parse(data)!.ToJsonString(), JsonNode.Parse(output.GetProperty("data").GetRawText())!.ToJsonString());
    }

    [Fact]
    public async Task Infer_NestedData_IsReadRowMajor()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, "nested", OnnxModelBuilder.Identity("x", "y", features: 3));
        using var client = fixture.Client(tenant);

        var response = await client.PostJsonAsync("/v2/models/nested/infer",
            JsonNode.Parse("""{"inputs":[{"name":"x","shape":[2,3],"datatype":"FP32","data":[[1,2,3],[4,5,6]]}]}""")!);

        Assert.Equal("[1,2,3,4,5,6]", (await response.JsonAsync()).Output("y").GetRawText());
    }

    [Fact]
    public async Task Infer_OutputsFilter_ReturnsOnlyTheNamedOutputs()
    {
        var (client, _) = await DemoAsync();
        var body = DemoRequests.Oip(DemoRequests.Instance(3));
        body["outputs"] = new JsonArray(new JsonObject { ["name"] = "Probability.output" });

        var json = await (await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", body)).JsonAsync();

        Assert.Equal(["Probability.output"], json.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.InRange(json.Output("Probability.output")[0].GetDouble(), 0, 1);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "missing input", """{"inputs":[{"name":"age","shape":[1,1],"datatype":"FP32","data":[30]}]}""", "missing input 'income'" },
        { "extra input", "+foo", "unexpected input 'foo'" },
        { "wrong datatype", "age:INT64", "input 'age': datatype INT64 does not match the model's FP32" },
        { "wrong shape", "age:shape", "input 'age': shape [1,2] does not match the model's [-1,1]" },
        { "too many elements", "age:count", "input 'age': data has more elements than its shape allows" },
        { "too few elements", "age:short", "input 'age': shape [2,1] needs 2 elements, data has 1" },
        { "not a number", "age:text", "input 'age': element 0 is not a valid FP32 value" },
        { "unknown datatype", "age:FP16", "input 'age': datatype must be one of" },
        { "batch sizes differ", "age:rows", "inputs disagree on the batch size" },
        { "invalid json", "{\"inputs\": [", "The body is not valid JSON" },
        { "no inputs", "{\"id\":\"x\"}", "The request has no \"inputs\"" },
        { "unknown output", "outputs:nope", "unknown output 'nope'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Infer_BadInput_Returns400NamingTheProblem(string _, string mutation, string expected)
    {
        var (client, _) = await DemoAsync();
        var response = await client.PostAsync($"/v2/models/{DemoRequests.Model}/infer",
            new StringContent(Mutate(mutation), Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.JsonAsync()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_UnknownModelOrVersion_Returns404WithOipError()
    {
        var (client, _) = await DemoAsync();
        var body = DemoRequests.Oip(DemoRequests.Instance());

        var unknownModel = await client.PostJsonAsync("/v2/models/no-such-model/infer", body);
        var unknownVersion = await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/versions/9/infer", body);

        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
        Assert.Equal("model 'no-such-model' is not served", (await unknownModel.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.StartsWith($"version 9 of model '{DemoRequests.Model}' is not served", (await unknownVersion.JsonAsync()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_BodyOverTheLimit_Returns413()
    {
        var (client, _) = await DemoAsync();
        var huge = "{\"inputs\":[{\"name\":\"age\",\"shape\":[1,1],\"datatype\":\"FP32\",\"data\":[1]}],\"pad\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        var response = await client.PostAsync($"/v2/models/{DemoRequests.Model}/infer", new StringContent(huge, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Metadata_ServedModel_DescribesVersionsInputsAndOutputs()
    {
        var (client, version) = await DemoAsync();

        var model = await (await client.GetAsync($"/v2/models/{DemoRequests.Model}", TestContext.Current.CancellationToken)).JsonAsync();
        var byVersion = await client.GetAsync($"/v2/models/{DemoRequests.Model}/versions/{version}", TestContext.Current.CancellationToken);
        var ready = await client.GetAsync($"/v2/models/{DemoRequests.Model}/ready", TestContext.Current.CancellationToken);

        Assert.Equal("onnxruntime_onnx", model.GetProperty("platform").GetString());
        Assert.Equal([version.ToString(System.Globalization.CultureInfo.InvariantCulture)], model.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var purpose = model.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "purpose");
        Assert.Equal("BYTES", purpose.GetProperty("datatype").GetString());
        Assert.Equal("[-1,1]", purpose.GetProperty("shape").GetRawText());
        Assert.Equal(3, model.GetProperty("outputs").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, byVersion.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal($$"""{"name":"{{DemoRequests.Model}}","ready":true}""", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ModelReady_VersionNotServed_503WithReadyFalseAndTheReason()
    {
        var (client, version) = await DemoAsync();

        var ready = await client.GetAsync($"/v2/models/{DemoRequests.Model}/versions/{version + 1}/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.JsonAsync();
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.Equal(DemoRequests.Model, body.GetProperty("name").GetString());
        Assert.Equal($"model '{DemoRequests.Model}' version {version + 1} is not ready", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ServerEndpoints_WithoutTenant_AnswerProbesAndMetadata()
    {
        using var client = fixture.Inference.CreateClient();

        var live = await client.GetAsync("/v2/health/live", TestContext.Current.CancellationToken);
        var ready = await client.GetAsync("/v2/health/ready", TestContext.Current.CancellationToken);
        var server = await (await client.GetAsync("/v2", TestContext.Current.CancellationToken)).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("""{"live":true}""", await live.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains(ready.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        Assert.Equal(ready.IsSuccessStatusCode, (await ready.JsonAsync()).GetProperty("ready").GetBoolean());
        Assert.Equal("mlops-inference", server.GetProperty("name").GetString());
    }

    private async Task<(HttpClient Client, int Version)> DemoAsync()
    {
        var tenant = HttpJson.NewTenant();
        var version = await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        return (fixture.Client(tenant), version);
    }

    private static string Mutate(string mutation)
    {
        if (mutation.StartsWith('{'))
        {
            return mutation;
        }
        var body = DemoRequests.Oip(DemoRequests.Instance());
        var inputs = body["inputs"]!.AsArray();
        var age = inputs.First(i => (string)i!["name"]! == "age")!;
        switch (mutation)
        {
            case "+foo":
                inputs.Add(new JsonObject { ["name"] = "foo", ["shape"] = new JsonArray(1, 1), ["datatype"] = "FP32", ["data"] = new JsonArray(1) });
                break;
            case "age:INT64":
                age["datatype"] = "INT64";
                break;
            case "age:shape":
                age["shape"] = new JsonArray(1, 2);
                age["data"] = new JsonArray(1, 2);
                break;
            case "age:count":
                age["data"] = new JsonArray(1, 2);
                break;
            case "age:short":
                age["shape"] = new JsonArray(2, 1);
                break;
            case "age:text":
                age["data"] = new JsonArray("thirty");
                break;
            case "age:FP16":
                age["datatype"] = "FP16";
                break;
            case "age:rows":
                age["shape"] = new JsonArray(2, 1);
                age["data"] = new JsonArray(30, 40);
                break;
            case "outputs:nope":
                body["outputs"] = new JsonArray(new JsonObject { ["name"] = "nope" });
                break;
        }
        return body.ToJsonString();
    }
}
