using System.ComponentModel.DataAnnotations;
using MlOps.Registry.Webhooks;

namespace MlOps.Registry.Model;

/// <summary>Subscribe a URL to event types: model.version.registered, model.alias.changed.</summary>
public sealed record CreateWebhookRequest([Required, StringLength(2000)] string Url, [Required, MinLength(1)] string[] EventTypes) : IValidatableObject
{
    /// <summary>The URL, once validated.</summary>
    public Uri Destination() => new(Url, UriKind.Absolute);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Only the syntax is judged here; whether the destination may be reached is decided when each delivery connects.
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0)
        {
            yield return new("url must be an absolute http or https URL without user info.", [nameof(Url)]);
        }
        if (EventTypes.FirstOrDefault(t => !WebhookEvents.All.Contains(t)) is { } unknown)
        {
            yield return new($"Unknown event type '{unknown}'; known: {string.Join(", ", WebhookEvents.All)}.", [nameof(EventTypes)]);
        }
    }
}
