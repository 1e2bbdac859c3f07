namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// The platform identity's wiring: the gateway holds the signing key and every service's credential; each service gets the
/// gateway's JWKS and token addresses, its own credential and the metrics credential. Secrets live in the data folder (mode 600).
/// </summary>
public static class PlatformIdentityExtensions
{
    public static IResourceBuilder<T> WithIdentityIssuer<T>(this IResourceBuilder<T> gateway, PlatformInfrastructure infrastructure)
        where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        var builder = gateway.ApplicationBuilder;
        var signingKey = builder.AddParameter("gateway-signing-key", LocalCredentials.GatewaySigningKey(infrastructure.DataDir), secret: true);
        return gateway.WithEnvironment("MlOps__Gateway__Identity__SigningKeys__0", signingKey)
            .WithEnvironment("MlOps__Identity__MetricsCredential", MetricsCredential(builder, infrastructure));
    }

    /// <summary>Lets the service verify the gateway's tokens and, under <paramref name="serviceName"/>, get its own identity.</summary>
    public static IResourceBuilder<T> WithPlatformIdentity<T>(this IResourceBuilder<T> project,
        IResourceBuilder<T> gateway, PlatformInfrastructure infrastructure, string serviceName)
        where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        var builder = project.ApplicationBuilder;
        var endpoint = gateway.GetEndpoint("http");
        var secret = builder.AddParameter($"{serviceName}-credential", LocalCredentials.IdentitySecret(infrastructure.DataDir, $"service-{serviceName}"), secret: true);
        gateway.WithEnvironment($"MlOps__Gateway__Identity__Services__{serviceName}", secret);
        return project
            .WithEnvironment("MlOps__Identity__JwksUrl", ReferenceExpression.Create($"{endpoint}/.well-known/jwks.json"))
            .WithEnvironment("MlOps__Identity__TokenUrl", ReferenceExpression.Create($"{endpoint}/identity/token"))
            .WithEnvironment("MlOps__Identity__ServiceName", serviceName)
            .WithEnvironment("MlOps__Identity__ServiceSecret", secret)
            .WithEnvironment("MlOps__Identity__MetricsCredential", MetricsCredential(builder, infrastructure));
    }

    // One credential for every /metrics, created with the first resource that needs it.
    private static IResourceBuilder<ParameterResource> MetricsCredential(IDistributedApplicationBuilder builder, PlatformInfrastructure infrastructure) =>
        builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == "metrics-credential") is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter("metrics-credential", LocalCredentials.IdentitySecret(infrastructure.DataDir, "metrics-credential"), secret: true);
}
