using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MlOps.Gateway.Authentication;
using MlOps.Gateway.Identity;
using MlOps.Gateway.Llm.Endpoints;
using MlOps.Gateway.Model;
using MlOps.Gateway.Proxy;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using Yarp.ReverseProxy.Transforms;

namespace MlOps.Gateway.Extensions;

public static class Extensions
{
    public const string AdminPolicy = "admin";

    /// <summary>Changing virtual keys: an admin key, or a service token (incident's runbooks) holding llm:keys for its own tenant.</summary>
    public const string LlmKeysPolicy = "llm-keys";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ValidationProblems.Describe);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<UnreadableRequestExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddValidation();
        builder.Services.AddMemoryCache(cache => cache.SizeLimit = 100_000);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .Configure(o => o.AdminKey = string.IsNullOrWhiteSpace(builder.Configuration["MLOPS_ADMIN_KEY"]) ? o.AdminKey : builder.Configuration["MLOPS_ADMIN_KEY"])
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<Microsoft.Extensions.Options.IOptions<GatewayOptions>>(
            (kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes);
        builder.AddServiceDatabase("gatewaydb", typeof(Extensions).Assembly);
        builder.AddMessaging();
        // A window is pruned once a newer one of its key and kind exists and no replica's lease names it; the current one stays.
        builder.AddRetention(MlOps.ServiceDefaults.Retention.RetentionRule.Sql("quota-windows", TimeSpan.FromDays(35), """
            DELETE FROM llm_quota_windows w WHERE ctid = ANY(ARRAY(
                SELECT o.ctid FROM llm_quota_windows o WHERE o.window_start < @cutoff
                    AND EXISTS (SELECT 1 FROM llm_quota_windows n WHERE n.key_id = o.key_id AND n.kind = o.kind AND n.window_start > o.window_start)
                    AND NOT EXISTS (SELECT 1 FROM llm_quota_leases l WHERE l.key_id = o.key_id AND l.kind = o.kind AND l.window_start = o.window_start)
                LIMIT @batch))
            """));
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddHostedService<AdminKeyBootstrapper>();
        builder.Services.AddHostedService<KeyRevocationListener>();

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ServiceTokenAuthenticationHandler>(ServiceTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            // Everything, unknown routes included, needs a key unless marked anonymous: routes are not revealed to strangers.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireClaim(GatewayClaims.Scope, PlatformScopes.Admin))
            .AddPolicy(LlmKeysPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, ServiceTokenAuthenticationHandler.SchemeName)
                .RequireClaim(GatewayClaims.Scope, PlatformScopes.Admin, PlatformScopes.LlmKeys));
        // Replicas must sign with one key; a key of the run's own is for development and tests only.
        if (!builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing"))
        {
            builder.RequireConfiguration("the ES256 signing key (PKCS#8 PEM) every gateway replica shares",
                $"{GatewayIdentityOptions.SectionName}:{nameof(GatewayIdentityOptions.SigningKeys)}:0");
        }
        builder.Services.AddOptions<GatewayIdentityOptions>().BindConfiguration(GatewayIdentityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(GatewaySigningKeys.Create);
        builder.Services.AddSingleton<PlatformTokenIssuer>();
        builder.Services.AddSingleton<IServiceTokenSource, GatewayServiceTokens>();
        builder.AddPlatformTraceExport();
        builder.Services.AddSingleton<ForwardedTokens>();
        builder.Services.AddSingleton<ClientAddressLimiter>();
        builder.Services.AddSingleton<UnknownKeys>();
        builder.Services.AddPerKeyRateLimiting();
        builder.AddLlmPolicy();

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(context =>
            {
                context.AddRequestTransform(IdentityHeaders.ApplyAsync);
                // The threshold read once, when the routes' transforms are built, not per request.
                var threshold = context.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.ExpectContinueAboveBytes;
                context.AddRequestTransform(new LargeBodyExpectContinue(threshold).ApplyAsync);
            });
        builder.Services.AddHealthChecks().AddCheck<ProxyProbedHealthCheck>("proxy-probed");
    }

    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.EnsureRequiredConfiguration();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The gateway's own /metrics faces the outside: only the scraper's credential reads it, as at the services.
        var metricsCredential = app.Configuration[MetricsCredential.ConfigurationKey];
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/metrics") && !MetricsCredential.IsHeldBy(context.Request, metricsCredential),
            refused => refused.Run(context => context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteProblemAsync(context,
                StatusCodes.Status401Unauthorized, "Unauthorized", "/metrics answers only the scraper's credential (MlOps:Identity:MetricsCredential).").AsTask()));
        var addressLimiter = app.Services.GetRequiredService<ClientAddressLimiter>();
        app.Use((context, next) => addressLimiter.InvokeAsync(context, next));
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        // The gateway's own document names the admin and identity routes: an operator's, like the services' documents.
        app.MapOpenApi().RequireAuthorization(AdminPolicy);
        return app;
    }
}
