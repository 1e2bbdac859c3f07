using Microsoft.AspNetCore.Http;
using MlOps.ServiceDefaults.Api;

namespace MlOps.Outbound.Tests;

// ServiceDefaults' shared 400 answer; this is the project that tests ServiceDefaults without infrastructure.
public sealed class ValidationProblemsTests
{
    [Theory]
    [InlineData("TenantId", "tenantId")]
    [InlineData("Data.Table", "data.table")]
    [InlineData("Labels[2].RequestId", "labels[2].requestId")]
    [InlineData("Readiness.MaxErrorRate", "readiness.maxErrorRate")]
    [InlineData("name", "name")]
    public void JsonName_CSharpPath_IsTheJsonSpelling(string path, string expected) =>
        Assert.Equal(expected, ValidationProblems.JsonName(path));

    [Fact]
    public void Describe_ValidationProblem_KeysErrorsByJsonNameAndListsEveryProblem()
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["TenantId"] = ["Must be 1-64 letters, digits, '-' or '_'."],
            ["Data.Table"] = ["Name the table."],
        });

        ValidationProblems.Describe(new ProblemDetailsContext { HttpContext = new DefaultHttpContext(), ProblemDetails = problem });

        Assert.Equal(["data.table", "tenantId"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Name the table."], problem.Errors["data.table"]);
        Assert.Equal("tenantId: Must be 1-64 letters, digits, '-' or '_'. data.table: Name the table.", problem.Detail);
    }

    [Fact]
    public void Describe_TwoPathsWithOneJsonName_MergesTheirMessages()
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["Scopes"] = ["scopes: 'root' is not a scope."],
            ["scopes"] = ["Too many scopes."],
        });

        ValidationProblems.Describe(new ProblemDetailsContext { HttpContext = new DefaultHttpContext(), ProblemDetails = problem });

        Assert.Equal(["scopes"], problem.Errors.Keys);
        Assert.Equal(["scopes: 'root' is not a scope.", "Too many scopes."], problem.Errors["scopes"]);
        Assert.Equal("scopes: 'root' is not a scope. scopes: Too many scopes.", problem.Detail);
    }

    [Fact]
    public void Describe_DetailAlreadyGiven_KeepsIt()
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["Name"] = ["Too long."] }) { Detail = "The name is too long." };

        ValidationProblems.Describe(new ProblemDetailsContext { HttpContext = new DefaultHttpContext(), ProblemDetails = problem });

        Assert.Equal("The name is too long.", problem.Detail);
        Assert.Equal(["name"], problem.Errors.Keys);
    }
}
