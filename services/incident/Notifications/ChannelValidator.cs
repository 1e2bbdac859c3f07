using System.Text.RegularExpressions;
using MlOps.Incident.Model;

namespace MlOps.Incident.Notifications;

/// <summary>Checks a channel before it is stored; the answer names the field at fault and why.</summary>
public static partial class ChannelValidator
{
    public const int MaxUrlLength = 2000;

    public static (string Field, string Error)? Validate(string name, ChannelRequest request)
    {
        if (!ResourceNames.IsValid(name))
        {
            return ("name", "1–64 characters, lower-case letters, digits, '-' and '_', starting with a letter or digit.");
        }
        if (request.Type is not { } type || !ChannelTypes.All.Contains(type))
        {
            return ("type", $"one of {string.Join(", ", ChannelTypes.All)}.");
        }
        if (type == ChannelTypes.PagerDuty)
        {
            if (request.Url is not null)
            {
                return ("url", "a pagerduty channel takes no url: events go to MlOps:Incident:PagerDuty:BaseUrl.");
            }
            return request.RoutingKey is { } key && !RoutingKey().IsMatch(key)
                ? ("routingKey", "1–128 letters and digits (the integration key), or omitted to use the configured one.")
                : null;
        }
        if (request.RoutingKey is not null)
        {
            return ("routingKey", $"only a pagerduty channel has a routing key, not a {type} channel.");
        }
        return request.Url is not { Length: > 0 and <= MaxUrlLength } url
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.UserInfo.Length > 0
            ? ("url", $"required for a {type} channel: an absolute https or http URL without user info, at most {MaxUrlLength} characters.")
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoutingKey();
}
