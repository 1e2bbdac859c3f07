using System.ComponentModel.DataAnnotations;

namespace MlOps.AgentOpsTracer.Content;

/// <summary>A tenant's content policy: redact (PII and secrets become placeholders; the default), keep, or drop message contents.</summary>
public sealed record ContentPolicy([property: Required, AllowedValues(ContentModes.Redact, ContentModes.Keep, ContentModes.Drop)] string Mode);
