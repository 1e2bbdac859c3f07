using MlOps.ServiceDefaults;

namespace MlOps.Incident.Notifications;

/// <summary>Wakes the notification dispatcher when deliveries were queued.</summary>
public sealed class NotificationSignal : WakeSignal;
