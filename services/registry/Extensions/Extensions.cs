using MlOps.Registry.Artifacts;
using MlOps.Registry.Consumers;
using MlOps.Registry.Services;
using MlOps.Registry.Signing;
using MlOps.Registry.Webhooks;
using MlOps.ServiceDefaults.Retention;

namespace MlOps.Registry.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("registry");
        builder.Services.AddValidation();
        builder.AddServiceDatabase("registrydb", typeof(Extensions).Assembly);
        builder.AddMessaging(bus => bus.AddConsumer<RollBackChampionConsumer>());
        builder.AddRetention(RetentionRule.Sql("webhook-deliveries", TimeSpan.FromDays(30),
            "DELETE FROM webhook_deliveries WHERE id = ANY(ARRAY(SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < @cutoff LIMIT @batch))"));
        builder.Services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.AddArtifactStore();
        builder.Services.AddSingleton<ModelSigner>();
        builder.Services.AddHostedService<SigningKeyInitializer>();
        builder.Services.AddSingleton<VersionRegistrar>();
        builder.Services.AddSingleton<AliasMover>();
        builder.Services.AddSingleton<PromotionGate>();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Webhook URLs are user-supplied: deliveries go through the safe client (public addresses only, no redirects, no retries).
        builder.AddSafeOutboundHttp();
        builder.Services.AddHostedService<WebhookDispatcher>();
    }
}
