using System.ComponentModel.DataAnnotations;

namespace MlOps.ServiceDefaults.Outbound;

/// <summary>
/// Calls to user-supplied URLs (webhooks, notifications, ingest sources); bound from MlOps:Outbound. Nothing but public
/// addresses is reachable unless <see cref="Allow"/> names it.
/// </summary>
public sealed class OutboundOptions : IValidatableObject
{
    public const string SectionName = "MlOps:Outbound";

    /// <summary>
    /// Reachable although not public: exact host:port entries (<c>hooks.internal:8443</c>, <c>[::1]:9000</c>) and CIDR
    /// networks (<c>127.0.0.0/8</c>, any port).
    /// </summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>The whole call: connecting, the answer's headers and reading its body.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most of an answer's body a caller reads; a longer answer is a failure ("answer too large").</summary>
    [Range(0, 64L * 1024 * 1024)]
    public long MaxResponseBytes { get; set; } = 64 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Allow.Count; i++)
        {
            if (!OutboundAllowList.TryParseEntry(Allow[i], out _, out _))
            {
                yield return new ValidationResult(
                    $"{SectionName}:Allow:{i} '{Allow[i]}' {OutboundAllowList.EntryRule}",
                    [nameof(Allow)]);
            }
        }
    }
}
