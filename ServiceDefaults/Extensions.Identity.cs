using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.ServiceDefaults.Identity;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>Validates the gateway's tokens on every request and gives this service an identity for calls to others.</summary>
    public static TBuilder AddPlatformIdentity<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.RequireConfiguration("the gateway's public keys: its JWKS address (http://gateway/.well-known/jwks.json) or the JWKS document",
            $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.JwksUrl)}", $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.Jwks)}");
        // Without its own identity a service starts, then fails at its first call for a caller or its first background call;
        // functional tests sign service tokens themselves (Testing).
        if (!builder.Environment.IsEnvironment("Testing"))
        {
            builder.RequireConfiguration("the gateway's token endpoint (http://gateway/identity/token), where this service gets its own identity",
                $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.TokenUrl)}");
            builder.RequireConfiguration("this service's name at the gateway's token endpoint (as in MlOps:Gateway:Identity:Services)",
                $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.ServiceName)}");
            builder.RequireConfiguration("this service's credential, the one the gateway holds for it (MlOps:Gateway:Identity:Services:<name>)",
                $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.ServiceSecret)}");
        }
        builder.Services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.Jwks) || o.JwksUrl is not null,
                "MlOps:Identity needs the gateway's public keys: Jwks (a JWKS document) or JwksUrl.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<GatewayKeySet>();
        builder.Services.TryAddSingleton<PlatformTokenValidator>();
        builder.Services.TryAddSingleton<IServiceTokenSource, ServiceTokenSource>();
        builder.Services.TryAddTransient<PlatformIdentityHandler>();
        builder.Services.AddHttpClient(GatewayKeySet.HttpClientName);
        builder.Services.AddHttpClient(ServiceTokenSource.HttpClientName);
        return builder;
    }

    /// <summary>Sends this client's requests under the identity each is marked with (<see cref="PlatformCall"/>).</summary>
    public static IHttpClientBuilder AddPlatformIdentity(this IHttpClientBuilder http) => http.AddHttpMessageHandler<PlatformIdentityHandler>();
}
