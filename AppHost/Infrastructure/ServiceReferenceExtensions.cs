namespace MlOps.AppHost.Infrastructure;

public static class ServiceReferenceExtensions
{
    /// <summary>
    /// The caller's service-discovery entry for <paramref name="service"/>'s "http" endpoint (services__&lt;name&gt;__http__0), the
    /// same whether either runs as a project or as a container.
    /// </summary>
    public static IResourceBuilder<T> WithServiceReference<T, TService>(this IResourceBuilder<T> caller, IResourceBuilder<TService> service)
        where T : IResourceWithEnvironment
        where TService : IResourceWithEndpoints =>
        caller.WithReference(service.GetEndpoint("http"));
}
