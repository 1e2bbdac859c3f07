using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Api;

/// <summary>
/// The one answer to an invalid body: the 400 ProblemDetails of .NET's validation (AddValidation with the DTOs' DataAnnotations
/// and IValidatableObject). <c>errors</c> names each field as the JSON body spells it (the validator names the C# property),
/// and <c>detail</c> says every problem in one line.
/// </summary>
public static class ValidationProblems
{
    /// <summary>For AddProblemDetails' CustomizeProblemDetails.</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails { Errors.Count: > 0 } problem)
        {
            return;
        }
        var named = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, messages) in problem.Errors)
        {
            var key = JsonName(field);
            named[key] = named.TryGetValue(key, out var earlier) ? [.. earlier, .. messages] : messages;
        }
        problem.Errors = named;
        problem.Detail ??= Summary(named);
    }

    /// <summary>"field: message" for every message (once, when the message already starts so), in one line.</summary>
    public static string Summary(IDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(message =>
            message.StartsWith(e.Key + ":", StringComparison.OrdinalIgnoreCase) ? message : $"{e.Key}: {message}")));

    /// <summary>Data.Table → data.table, Labels[2].RequestId → labels[2].requestId.</summary>
    public static string JsonName(string path) =>
        string.Join('.', path.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
