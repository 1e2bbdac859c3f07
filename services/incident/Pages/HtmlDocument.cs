using System.Security.Cryptography;
using System.Text;

namespace MlOps.Incident.Pages;

/// <summary>
/// A whole HTML document the service renders itself: no external assets, its one style block allowed by a per-response nonce,
/// and a Content-Security-Policy that allows nothing else (no scripts at all).
/// </summary>
public sealed class HtmlDocument(string title, string body) : IResult
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}
        table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}.badge{display:inline-block;padding:.1rem .5rem;border-radius:.4rem;background:#eaeef2;margin-right:.4rem}
        .current{font-weight:bold}.postmortem{border-top:2px solid #d0d7de;margin-top:2rem}
        """;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var response = httpContext.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Html.Encode(title)).Append("</title><style nonce=\"").Append(nonce).Append("\">").Append(Style).Append("</style></head><body>")
            .Append(body).Append("</body></html>");
        return response.WriteAsync(html.ToString(), httpContext.RequestAborted);
    }
}
