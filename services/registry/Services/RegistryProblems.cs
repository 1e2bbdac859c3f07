using Microsoft.AspNetCore.Http.HttpResults;

namespace MlOps.Registry.Services;

/// <summary>The registry's error answers, each naming what is wrong.</summary>
public static class RegistryProblems
{
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    public static ProblemHttpResult ModelNotFound(string name) =>
        Problem(StatusCodes.Status404NotFound, "Model not found", $"No model '{name}' exists for this tenant.");

    public static ProblemHttpResult VersionNotFound(string name, int version) =>
        Problem(StatusCodes.Status404NotFound, "Version not found", $"Model '{name}' has no version {version}.");

    public static ProblemHttpResult MissingScope(string scope) =>
        Problem(StatusCodes.Status403Forbidden, "Missing scope", $"This call needs an API key with the '{scope}' scope.");

    public static ProblemHttpResult Invalid(string field, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Invalid {field}", detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}
