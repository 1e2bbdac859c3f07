using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Model;
using MlOps.Incident.Notifications;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Incident.Apis;

/// <summary>The tenant's notification channels, which rules name; secrets are shown once, at creation, and masked after.</summary>
public static class ChannelsApi
{
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/channels").WithTags("Channels");
        channels.MapGet("/", ListChannels).WithName("ListChannels").WithSummary("The tenant's channels, by name, with URLs and routing keys masked.");
        channels.MapGet("/{name}", GetChannel).WithName("GetChannel").WithSummary("One channel, masked.");
        channels.MapPut("/{name}", PutChannel).ProducesValidationProblem().WithName("PutChannel")
            .WithSummary("Creates or replaces a channel: pagerduty (routingKey optional), slack or webhook (url required); a new webhook's secret is in this answer only.");
        channels.MapDelete("/{name}", DeleteChannel).WithName("DeleteChannel").WithSummary("Deletes a channel; its pending deliveries fail.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ChannelResponse>>> ListChannels(TenantId tenant, ChannelStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ChannelResponse>>([.. (await store.ListAsync(tenant.Value, cancellationToken)).Select(c => ChannelResponse.Of(c))]);

    public static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> GetChannel(string name, TenantId tenant, ChannelStore store,
        CancellationToken cancellationToken) =>
        await store.GetAsync(tenant.Value, name, cancellationToken) is { } channel ? TypedResults.Ok(ChannelResponse.Of(channel)) : NotFound(name);

    public static async Task<Results<Created<ChannelResponse>, Ok<ChannelResponse>, ProblemHttpResult>> PutChannel(
        [RegularExpression(ResourceNames.Pattern, ErrorMessage = ResourceNames.Rule)] string name,
        ChannelRequest request, TenantId tenant, ChannelStore store, CancellationToken cancellationToken)
    {
        if (await store.PutAsync(tenant.Value, name, request, cancellationToken) is not { } put)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many channels",
                detail: $"A tenant has at most {ChannelStore.MaxChannelsPerTenant} channels; delete one first.");
        }
        var response = ChannelResponse.Of(put.Channel, put.NewSecret);
        return put.Created ? TypedResults.Created($"/channels/{name}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteChannel(string name, TenantId tenant, ChannelStore store,
        CancellationToken cancellationToken) =>
        await store.DeleteAsync(tenant.Value, name, cancellationToken) ? TypedResults.NoContent() : NotFound(name);

    private static ProblemHttpResult NotFound(string name) => TenantReadApi.NotFound("Channel", name);
}
