using MlOps.DevLlmProvider.Apis;

namespace MlOps.DevLlmProvider;

/// <summary>Builds the provider app; tests start it on a real port with <see cref="StartAsync"/>.</summary>
public static class DevProviderApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        // Azure-shaped paths are rewritten to /v1/… before routing picks an endpoint.
        app.UseAzureOpenAiShape();
        app.UseRouting();
        // DevProvider:FailWith=<status> makes every call fail, to stand in for a provider outage.
        if (app.Configuration.GetValue<int?>("DevProvider:FailWith") is { } status)
        {
            app.Run(async context =>
            {
                context.Response.StatusCode = status;
                await context.Response.WriteAsJsonAsync(new { error = new { message = $"development provider configured to fail with {status}", type = "server_error" } });
            });
        }
        app.MapChatCompletionsApi();
        app.MapEmbeddingsApi();
        app.MapGet("/health", () => Results.Ok("healthy"));
        app.MapGet("/v1/models", () => Results.Ok(new { @object = "list", data = new[] { new { id = "dev-chat", @object = "model", owned_by = "mlops-dev" } } }));
        return app;
    }

    /// <summary>Starts the provider on a free loopback port and returns it with its base address (…/v1/).</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(int? failWith = null, string? azureApiKey = null, bool ignoreStreamOptions = false)
    {
        string[] args = ["--urls", "http://127.0.0.1:0"];
        if (failWith is { } status)
        {
            args = [.. args, "--DevProvider:FailWith", status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }
        if (azureApiKey is not null)
        {
            args = [.. args, "--DevProvider:AzureApiKey", azureApiKey];
        }
        if (ignoreStreamOptions)
        {
            args = [.. args, "--DevProvider:IgnoreStreamOptions", "true"];
        }
        var app = Create(args);
        await app.StartAsync();
        var address = app.Urls.First();
        return (app, new Uri(address.TrimEnd('/') + "/v1/"));
    }
}
