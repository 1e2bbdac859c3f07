using Microsoft.Extensions.Primitives;

namespace MlOps.DevLlmProvider.Apis;

/// <summary>
/// Azure OpenAI's request shape, so a gateway configured for Azure can be tested against this provider:
/// /openai/deployments/{deployment}/{operation}?api-version=… with the key in an api-key header (DevProvider:AzureApiKey,
/// when set, must match), answered by the same handlers as /v1/{operation}.
/// </summary>
public static class AzureOpenAiShape
{
    public static WebApplication UseAzureOpenAiShape(this WebApplication app)
    {
        var key = app.Configuration["DevProvider:AzureApiKey"];
        app.Use(async (context, next) =>
        {
            var segments = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (segments is ["openai", "deployments", _, .. var operation] && operation.Length > 0)
            {
                if (StringValues.IsNullOrEmpty(context.Request.Query["api-version"]))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.Response.WriteAsJsonAsync(new { error = new { code = "MissingApiVersionParameter", message = "The api-version query parameter (?api-version=) is required for all requests." } });
                    return;
                }
                var sent = context.Request.Headers["api-key"];
                if (StringValues.IsNullOrEmpty(sent) || (key is not null && sent != key))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsJsonAsync(new { error = new { code = "401", message = "Access denied due to invalid subscription key or wrong API endpoint." } });
                    return;
                }
                context.Request.Path = "/v1/" + string.Join('/', operation);
            }
            await next(context);
        });
        return app;
    }
}
