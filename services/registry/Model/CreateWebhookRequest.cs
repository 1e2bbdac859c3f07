using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Model;

/// <summary>Subscribe a URL to event types: model.version.registered, model.alias.changed.</summary>
public sealed record CreateWebhookRequest([Required, StringLength(2000)] string Url, [Required, MinLength(1)] string[] EventTypes);
