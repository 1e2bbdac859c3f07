using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>
/// Judges a request DTO by its DataAnnotations attributes and <see cref="IValidatableObject"/> rules (STYLE rule 9), and answers
/// the first failure in OpenAI's shape: the attribute's message, and as <c>param</c> the member's wire name.
/// </summary>
public static class OpenAiValidation
{
    private static readonly ConcurrentDictionary<(Type, string), string> WireNames = new();

    /// <summary>Null when the request is valid, else the 400 naming the first field at fault.</summary>
    public static OpenAiError? Validate(object request)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
        {
            return null;
        }
        var first = results[0];
        var member = first.MemberNames.FirstOrDefault();
        return OpenAiError.BadRequest(first.ErrorMessage ?? "The request is not valid.", member is null ? null : WireName(request.GetType(), member));
    }

    // A property's JSON name; an IValidatableObject rule names the wire field itself.
    private static string WireName(Type type, string member) => WireNames.GetOrAdd((type, member), static key =>
        key.Item1.GetProperty(key.Item2)?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? key.Item2);
}
