using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using MlOps.Incident.Model;

namespace MlOps.Incident.Notifications;

/// <summary>The body of PUT /channels/{name}, validated by AddValidation (Validate names the field at fault and why).</summary>
public sealed partial record ChannelRequest(string? Type, string? Url, string? RoutingKey) : IValidatableObject
{
    public const int MaxUrlLength = 2000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Type is not { } type || !ChannelTypes.All.Contains(type))
        {
            yield return new($"one of {string.Join(", ", ChannelTypes.All)}.", [nameof(Type)]);
        }
        else if (type == ChannelTypes.PagerDuty)
        {
            if (Url is not null)
            {
                yield return new("a pagerduty channel takes no url: events go to MlOps:Incident:PagerDuty:BaseUrl.", [nameof(Url)]);
            }
            else if (RoutingKey is { } key && !RoutingKeyShape().IsMatch(key))
            {
                yield return new("1–128 letters and digits (the integration key), or omitted to use the configured one.", [nameof(RoutingKey)]);
            }
        }
        else if (RoutingKey is not null)
        {
            yield return new($"only a pagerduty channel has a routing key, not a {type} channel.", [nameof(RoutingKey)]);
        }
        else if (Url is not { Length: > 0 and <= MaxUrlLength } url
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.UserInfo.Length > 0)
        {
            yield return new($"required for a {type} channel: an absolute https or http URL without user info, at most {MaxUrlLength} characters.",
                [nameof(Url)]);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoutingKeyShape();
}
