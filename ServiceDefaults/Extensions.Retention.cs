using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOps.ServiceDefaults.Retention;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>Prunes what the rules name on a schedule (<c>MlOps:Retention</c>). Requires <see cref="AddServiceDatabase"/>.</summary>
    public static TBuilder AddRetention<TBuilder>(this TBuilder builder, params RetentionRule[] rules) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        foreach (var rule in rules)
        {
            builder.Services.AddSingleton(rule);
        }
        builder.Services.TryAddSingleton<RetentionSweeper>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionSweeper>(services => services.GetRequiredService<RetentionSweeper>()));
        return builder;
    }
}
