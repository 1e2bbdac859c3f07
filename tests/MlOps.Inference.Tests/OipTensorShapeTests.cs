using System.Net;
using System.Text;

namespace MlOps.Inference.Tests;

/// <summary>A declared tensor shape is checked (overflow, the model's signature, the data actually sent) before anything is allocated for it.</summary>
[Collection(ServingCollection.Name)]
public sealed class OipTensorShapeTests(ServingFixture fixture)
{
    // Far below the 512 MiB a 67,108,864-element FP64 tensor takes, far above what reading a 100-byte body needs.
    private const long AllocationBudget = 64L * 1024 * 1024;

    public static TheoryData<string, string, string> BadShapes => new()
    {
        { "declared far beyond the data, rank the model does not take", "[67108864]", "input 'x': shape [67108864] does not match the model's [-1,3]." },
        { "declared far beyond the data, shape the model takes", "[22369621,3]", "input 'x': shape [22369621,3] needs 67108863 elements, data has 3." },
        { "product overflows", "[3037000500,3037000500]", "input 'x': shape [3037000500,3037000500] has more elements than can be counted (the product overflows)." },
        { "negative dimension", "[-1,3]", "input 'x': shape must be an array of non-negative integers." },
        { "fewer values than the shape", "[2,3]", "input 'x': shape [2,3] needs 6 elements, data has 3." },
        { "more values than the shape", "[0,3]", "input 'x': data has more elements than its shape allows (shape [0,3] holds 0, data has 3)." },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public async Task Infer_ShapeThatDoesNotFitTheData_Returns400NamingTheInput_WithoutAllocatingForIt(string _, string shape, string expected)
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, "shapes", OnnxModelBuilder.Identity("x", "y", features: 3, datatype: "FP64"));
        using var client = fixture.Client(tenant);
        var body = $$"""{"inputs":[{"name":"x","shape":{{shape}},"datatype":"FP64","data":[1,2,3]}]}""";

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var response = await client.PostAsync("/v2/models/shapes/infer", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expected, (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.InRange(allocated, 0, AllocationBudget);
    }

    [Fact]
    public async Task Infer_ShapeThatFitsTheData_StillAnswers()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, "shapes", OnnxModelBuilder.Identity("x", "y", features: 3, datatype: "FP64"));
        using var client = fixture.Client(tenant);
        var body = """{"inputs":[{"name":"x","shape":[2,3],"datatype":"FP64","data":[[1,2,3],[4,5,6]]}]}""";

        var response = await client.PostAsync("/v2/models/shapes/infer", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[1,2,3,4,5,6]", (await response.JsonAsync()).Output("y").GetRawText());
    }
}
