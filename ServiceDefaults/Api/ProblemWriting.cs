using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Api;

/// <summary>Writes a ProblemDetails answer from middleware, where no endpoint result is there to do it.</summary>
public static class ProblemWriting
{
    public static ValueTask WriteProblemAsync(this IProblemDetailsService problemDetails, HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
