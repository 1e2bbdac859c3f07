using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>
    /// ProblemDetails for every error, OpenAPI, a body size limit and the platform identity under the service's scope prefix
    /// (<see cref="PlatformScopes.ServicePrefixes"/>). Validation is added by each service itself: its source generator only
    /// sees the endpoints of the project that calls AddValidation.
    /// </summary>
    public static TBuilder AddApiDefaults<TBuilder>(this TBuilder builder, string scopePrefix) where TBuilder : IHostApplicationBuilder
    {
        builder.AddPlatformIdentity();
        builder.Services.AddSingleton(new ServiceScopePrefix(scopePrefix));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ValidationProblems.Describe);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<UnreadableRequestExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes(builder.Configuration));
        return builder;
    }

    /// <summary>Error handling, the caller's signed identity and scope on every route, and the OpenAPI document (browsable with Scalar in development).</summary>
    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        app.EnsureRequiredConfiguration();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestSizeLimitMiddleware>(MaxRequestBodyBytes(app.Configuration));
        app.UseMiddleware<PlatformIdentityMiddleware>(app.Services.GetRequiredService<ServiceScopePrefix>().Value);
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }
        return app;
    }

    /// <summary>MlOps:MaxRequestBodyBytes, 1 MiB unless configured.</summary>
    public static long MaxRequestBodyBytes(IConfiguration configuration) =>
        configuration.GetValue<long?>("MlOps:MaxRequestBodyBytes") ?? 1024 * 1024;
}
