namespace MlOps.Incident.Notifications;

public static class NotificationExtensions
{
    /// <summary>Channels, the delivery queue's dispatcher and its wake-up, and the senders, all through the safe outbound client.</summary>
    public static void AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.AddSafeOutboundHttp();
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PagerDutyOptions>().BindConfiguration(PagerDutyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ChannelStore>();
        builder.Services.AddSingleton<NotificationSignal>();
        builder.Services.AddSingleton<PagerDutySender>();
        builder.Services.AddSingleton<SlackSender>();
        builder.Services.AddSingleton<SignedWebhookSender>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        builder.Services.AddHostedService<NotificationWakeListener>();
    }
}
