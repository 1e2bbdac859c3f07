using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>The same 400 for what a handler finds after binding (the caller, the route, a part no endpoint binds); keys already JSON names.</summary>
    public static ValidationProblem Answer(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: Summary(errors));

    /// <summary>
    /// Validates what no endpoint binds (a multipart part, say) with the rules AddValidation runs on a body: the properties' attributes
    /// (which on a positional record must say <c>[property: ...]</c>, since DataAnnotations' Validator reads properties), then
    /// IValidatableObject with the request's services. Errors are keyed "<paramref name="prefix"/>.jsonName"; empty when valid.
    /// </summary>
    public static Dictionary<string, string[]> Validate(object value, IServiceProvider services, string prefix)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value, services, items: null), results, validateAllProperties: true);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var message = result.ErrorMessage ?? "is invalid.";
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                var key = member.Length == 0 ? prefix : $"{prefix}.{JsonName(member)}";
                errors[key] = errors.TryGetValue(key, out var earlier) ? [.. earlier, message] : [message];
            }
        }
        return errors;
    }

    /// <summary>"field: message" for every message (once, when the message already starts so), in one line.</summary>
    public static string Summary(IDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(message =>
            message.StartsWith(e.Key + ":", StringComparison.OrdinalIgnoreCase) ? message : $"{e.Key}: {message}")));

    /// <summary>Data.Table → data.table, Labels[2].RequestId → labels[2].requestId.</summary>
    public static string JsonName(string path) =>
        string.Join('.', path.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
