using Microsoft.Extensions.Options;

namespace MlOps.Incident.Postmortems;

public static class PostmortemExtensions
{
    /// <summary>The store, the drafter that writes postmortems after resolution, and its client for guardrail-gateway.</summary>
    public static void AddPostmortems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PostmortemOptions>().BindConfiguration(PostmortemOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PostmortemStore>();
        builder.Services.AddHttpClient<NarrativeDrafter>((services, http) =>
            http.Timeout = services.GetRequiredService<IOptions<PostmortemOptions>>().Value.LlmTimeout + TimeSpan.FromSeconds(5)).AddPlatformIdentity();
        builder.Services.AddSingleton<PostmortemDrafter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PostmortemDrafter>());
    }
}
