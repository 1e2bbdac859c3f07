namespace MlOps.ServiceDefaults.Outbound;

/// <summary>
/// The outcome of a call to a user-supplied URL. <see cref="Error"/> is generic text ("refused: destination not allowed",
/// "timeout", "connection failed", "HTTP 500"), safe to store and show: never the answer's body or headers.
/// </summary>
public sealed record OutboundResult(OutboundOutcome Outcome, int? StatusCode, string? Error, ReadOnlyMemory<byte> Body)
{
    public const string RefusedDestination = "refused: destination not allowed";
    public const string RefusedUrl = "refused: not an absolute http(s) URL without user info";
    public const string TimedOut = "timeout";
    public const string ConnectionFailedText = "connection failed";
    public const string TooLargeText = "answer too large";

    public bool Succeeded => Outcome == OutboundOutcome.Succeeded;

    /// <summary>
    /// The answer's headers (content headers included, names case-insensitive) for every answer, 2xx or not, so callers
    /// can read Link or Retry-After; empty when no answer came. For the caller only: never stored or shown as is.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; init; } = NoHeaders;

    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    // Headers are what came with the outcome, not part of it: two results are equal without them.
    public bool Equals(OutboundResult? other) => other is not null && Outcome == other.Outcome && StatusCode == other.StatusCode
        && Error == other.Error && Body.Equals(other.Body);

    public override int GetHashCode() => HashCode.Combine(Outcome, StatusCode, Error, Body);

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Worth trying again later: a timeout, a failed connection, 429 or a 5xx answer.</summary>
    public bool IsTransient => Outcome is OutboundOutcome.Timeout or OutboundOutcome.ConnectionFailed
        || (Outcome == OutboundOutcome.HttpError && StatusCode is 429 or >= 500);

    public static OutboundResult Failed(OutboundOutcome outcome, string error, int? statusCode = null) =>
        new(outcome, statusCode, error, ReadOnlyMemory<byte>.Empty);

    internal static OutboundResult FromStatus(int statusCode) => statusCode is >= 300 and < 400
        ? Failed(OutboundOutcome.Redirect, $"HTTP {statusCode} (redirect not followed)", statusCode)
        : Failed(OutboundOutcome.HttpError, $"HTTP {statusCode}", statusCode);
}
