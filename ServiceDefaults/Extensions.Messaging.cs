using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.ServiceDefaults.Messaging;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>The connection string name Aspire gives the RabbitMQ broker.</summary>
    public const string MessagingConnectionName = "messaging";

    /// <summary>True declares the consumers' queues as quorum queues (replicated across a RabbitMQ cluster).</summary>
    public const string QuorumQueuesKey = "MlOps:Messaging:QuorumQueues";

    /// <summary>
    /// MassTransit over RabbitMQ with retries on every consumer (failures then land in the <c>_error</c> dead-letter queue),
    /// plus the transactional outbox relay and the inbox. Requires <see cref="AddServiceDatabase"/> first.
    /// </summary>
    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.RequireConfiguration("the RabbitMQ broker (amqp://user:password@host:5672/vhost)", $"ConnectionStrings:{MessagingConnectionName}");

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ConsumerRetryOptions>().BindConfiguration(ConsumerRetryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ConsumerLimitsOptions>().BindConfiguration(ConsumerLimitsOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.IsValid(), $"{ConsumerLimitsOptions.SectionName}: each limit 1-1000 (prefetch) or 1-256 (concurrency), concurrency at most the prefetch.")
            .ValidateOnStart();
        // Read here as well: the retry policy and the limits are part of the bus configuration, built before the container is.
        var retry = builder.Configuration.GetSection(ConsumerRetryOptions.SectionName).Get<ConsumerRetryOptions>() ?? new ConsumerRetryOptions();
        var limits = builder.Configuration.GetSection(ConsumerLimitsOptions.SectionName).Get<ConsumerLimitsOptions>() ?? new ConsumerLimitsOptions();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddHostedService<OutboxRelay>();
        // A redelivery comes within minutes; a fortnight of handled ids is ample.
        builder.AddRetention(MlOps.ServiceDefaults.Retention.RetentionRule.Sql("inbox", TimeSpan.FromDays(14),
            "DELETE FROM inbox_messages WHERE ctid = ANY(ARRAY(SELECT ctid FROM inbox_messages WHERE handled_at < @cutoff LIMIT @batch))"));

        builder.Services.AddMassTransit(bus =>
        {
            // A prefix gives each instance its own queues (tests that run service instances one after another on one broker).
            var prefix = builder.Configuration["MlOps:Messaging:EndpointPrefix"];
            // Replicated queues for a RabbitMQ cluster (Kubernetes sets it); off by default: an existing classic queue cannot change type.
            var quorumQueues = builder.Configuration.GetValue(QuorumQueuesKey, false);
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(string.IsNullOrEmpty(prefix) ? null : prefix, false));
            configureConsumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((_, queueName, endpoint) =>
            {
                // Immediate retries absorb blips; what still fails moves to <queue>_error, the dead-letter queue.
                endpoint.UseMessageRetry(r => r.Exponential(retry.Limit, retry.MinInterval, retry.MaxInterval, retry.IntervalDelta));
                // Bounded per replica: what one replica does not take ahead stays on the queue for the others.
                var (prefetch, concurrent) = limits.For(queueName, prefix);
                endpoint.ConcurrentMessageLimit = concurrent;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                {
                    rabbitEndpoint.PrefetchCount = prefetch;
                    if (quorumQueues)
                    {
                        rabbitEndpoint.SetQuorumQueue();
                    }
                }
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // Read when the bus is built, so a start without it is reported with every other missing setting first.
                var connectionString = context.GetRequiredService<IConfiguration>().GetConnectionString(MessagingConnectionName)
                    ?? throw new InvalidOperationException($"ConnectionStrings:{MessagingConnectionName} (the RabbitMQ broker) is not configured.");
                rabbit.Host(new Uri(connectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
