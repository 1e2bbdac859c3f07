namespace MlOps.ServiceDefaults.Outbound;

/// <summary>How a call to a user-supplied URL ended.</summary>
public enum OutboundOutcome
{
    /// <summary>A 2xx answer, its body read within the limit.</summary>
    Succeeded,

    /// <summary>A non-2xx, non-3xx answer.</summary>
    HttpError,

    /// <summary>A 3xx answer: redirects are never followed.</summary>
    Redirect,

    /// <summary>The destination is neither public nor allow-listed, or the URL is not absolute http(s) without user info.</summary>
    Refused,

    Timeout,

    /// <summary>Name resolution, TCP, TLS or the HTTP exchange failed.</summary>
    ConnectionFailed,

    /// <summary>The answer's body is longer than the limit.</summary>
    TooLarge,
}
