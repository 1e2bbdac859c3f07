namespace MlOps.ServiceDefaults.Messaging;

/// <summary>One consumer endpoint's own limits (<see cref="ConsumerLimitsOptions"/>); what is left empty keeps the default.</summary>
public sealed class ConsumerLimit
{
    public int? PrefetchCount { get; set; }

    public int? ConcurrentMessageLimit { get; set; }
}
