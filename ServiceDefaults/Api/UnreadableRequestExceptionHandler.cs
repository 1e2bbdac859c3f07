using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace MlOps.ServiceDefaults.Api;

/// <summary>
/// Client input that only fails deep in the stack, answered 4xx ProblemDetails instead of 500: a body in a charset .NET does not
/// know (the JSON binder throws InvalidOperationException), and text PostgreSQL cannot store (NUL, or \u0000 in jsonb).
/// </summary>
public sealed class UnreadableRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            InvalidOperationException when UnknownCharset(httpContext.Request.ContentType) is { } charset =>
                (StatusCodes.Status415UnsupportedMediaType, "Unsupported charset", $"The request's charset '{charset}' is not a known encoding; send UTF-8."),
            PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
                (StatusCodes.Status400BadRequest, "Unstorable text", "The request holds text that cannot be stored, such as a NUL character (\\u0000)."),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static string? UnknownCharset(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.Charset.Value is not { Length: > 0 } charset)
        {
            return null;
        }
        try
        {
            Encoding.GetEncoding(charset.Trim('"'));
            return null;
        }
        catch (ArgumentException)
        {
            return charset;
        }
    }
}
