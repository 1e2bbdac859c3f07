namespace MlOps.Incident.Notifications;

/// <summary>The kinds of notification channel.</summary>
public static class ChannelTypes
{
    public const string PagerDuty = "pagerduty";
    public const string Slack = "slack";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [PagerDuty, Slack, Webhook];
}
