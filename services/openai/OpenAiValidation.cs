using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>
/// Judges a request DTO by its DataAnnotations attributes and <see cref="IValidatableObject"/> rules (STYLE rule 9), and answers
/// the first failure in OpenAI's shape: the attribute's message, and as <c>param</c> the member's wire name. The attributes
/// are found once per type and asked directly (the reflection-driven Validator cost the edge's parse four times over).
/// </summary>
public static class OpenAiValidation
{
    private static readonly ConcurrentDictionary<Type, Rule[]> Rules = new();

    /// <summary>Null when the request is valid, else the 400 naming the first field at fault.</summary>
    public static OpenAiError? Validate(object request)
    {
        foreach (var rule in Rules.GetOrAdd(request.GetType(), RulesOf))
        {
            var value = rule.Property.GetValue(request);
            if (!rule.Attribute.IsValid(value))
            {
                return OpenAiError.BadRequest(rule.Attribute.FormatErrorMessage(rule.WireName), rule.WireName);
            }
        }
        if (request is IValidatableObject rules && rules.Validate(new ValidationContext(request)).FirstOrDefault() is { } failure)
        {
            // A cross-field rule names the wire field itself.
            return OpenAiError.BadRequest(failure.ErrorMessage ?? "The request is not valid.", failure.MemberNames.FirstOrDefault());
        }
        return null;
    }

    private static Rule[] RulesOf(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).SelectMany(property => property.GetCustomAttributes<ValidationAttribute>()
            .Select(attribute => new Rule(property, attribute, property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name))),
    ];

    private sealed record Rule(PropertyInfo Property, ValidationAttribute Attribute, string WireName);
}
