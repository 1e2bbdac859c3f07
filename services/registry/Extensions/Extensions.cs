using MlOps.Registry.Artifacts;
using MlOps.Registry.Consumers;
using MlOps.Registry.Services;
using MlOps.Registry.Signing;

namespace MlOps.Registry.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults();
        builder.Services.AddValidation();
        builder.AddServiceDatabase("registrydb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<RollBackChampionConsumer>());
        builder.Services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IArtifactStore>(services => new LocalArtifactStore(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RegistryOptions>>().Value.ArtifactRoot
            ?? Path.Combine(builder.Environment.ContentRootPath, ".artifacts")));
        builder.Services.AddSingleton<ModelSigner>();
        builder.Services.AddHostedService<SigningKeyInitializer>();
        builder.Services.AddSingleton<VersionRegistrar>();
        builder.Services.AddSingleton<AliasMover>();
        builder.Services.AddSingleton<PromotionGate>();
    }
}
