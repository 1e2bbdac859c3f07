namespace MlOps.Registry.Model;

/// <summary>A new subscription and its signing secret, shown this once.</summary>
public sealed record CreatedWebhookResponse(WebhookResponse Webhook, string Secret);
