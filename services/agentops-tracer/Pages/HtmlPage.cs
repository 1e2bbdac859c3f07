using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace MlOps.AgentOpsTracer.Pages;

/// <summary>
/// A whole HTML document the service renders itself: no external assets, one style block allowed by a per-response nonce and
/// a Content-Security-Policy that allows nothing else (no scripts at all); every piece of stored text goes through Encode.
/// </summary>
public sealed class HtmlPage(string title, string style, string body) : IResult
{
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var response = httpContext.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        var html = new StringBuilder(body.Length + style.Length + 512)
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Encode(title))
            .Append("</title><style nonce=\"").Append(nonce).Append("\">").Append(style).Append("</style></head><body>")
            .Append(body).Append("</body></html>");
        return response.WriteAsync(html.ToString(), httpContext.RequestAborted);
    }
}
