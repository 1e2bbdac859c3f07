namespace MlOps.AppHost.Infrastructure;

public static class ServiceHostingExtensions
{
    /// <summary>Fluent form of <see cref="IServiceHosting{T}.WithDataFolder"/>.</summary>
    public static IResourceBuilder<T> WithDataFolder<T>(this IResourceBuilder<T> service, IServiceHosting<T> hosting, string variable, string hostPath)
        where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport =>
        hosting.WithDataFolder(service, variable, hostPath);
}
