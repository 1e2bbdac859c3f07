using Microsoft.Extensions.Configuration;

namespace MlOps.AppHost.Infrastructure;

public static class OutboundExtensions
{
    /// <summary>
    /// Hands the AppHost's MlOps:Outbound:Allow list to a service that calls user-supplied URLs. appsettings.Development.json
    /// (what ./scripts/run.sh runs) allows loopback so local webhook receivers work; elsewhere the list is empty: public addresses only.
    /// </summary>
    public static IResourceBuilder<T> WithOutboundAllowList<T>(this IResourceBuilder<T> project, IConfiguration configuration)
        where T : class, IResourceWithEnvironment, IResourceWithEndpoints, IResourceWithWaitSupport
    {
        var allow = configuration.GetSection("MlOps:Outbound:Allow").Get<string[]>() ?? [];
        for (var i = 0; i < allow.Length; i++)
        {
            project.WithEnvironment($"MlOps__Outbound__Allow__{i}", allow[i]);
        }
        return project;
    }
}
