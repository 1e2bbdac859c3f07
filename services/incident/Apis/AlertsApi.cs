using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Alerts;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Incident.Apis;

/// <summary>Alert intake at fixed paths, since other systems are configured with them.</summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/v1/alerts").WithTags("Alerts");
        alerts.MapPost("/", ReceiveAlert).WithName("ReceiveAlert")
            .WithSummary("Receives one alert: firing opens or joins the incident of its dedup key, resolved resolves it.");
        alerts.MapPost("/alertmanager", ReceiveAlertmanager).WithName("ReceiveAlertmanager")
            .WithSummary("Prometheus Alertmanager's webhook receiver (payload version 4); each alert is applied on its own.");
        return app;
    }

    public static async Task<Results<Accepted<AlertOutcome>, ProblemHttpResult>> ReceiveAlert(GenericAlertRequest request, TenantId tenant,
        AlertIntake intake, CancellationToken cancellationToken)
    {
        if ((AlertLimits.CheckLabels(request.Labels, "labels") ?? AlertLimits.CheckLinks(request.Links, "links")) is { } error)
        {
            return Invalid(error);
        }
        var outcome = await intake.ReceiveAsync(AlertSignals.FromApi(tenant.Value, request), Guid.NewGuid(), cancellationToken);
        return TypedResults.Accepted(outcome.IncidentId is { } id ? $"/incidents/{id}" : (string?)null, outcome);
    }

    public static async Task<Results<Ok<AlertmanagerOutcome>, ProblemHttpResult>> ReceiveAlertmanager(AlertmanagerPayload payload, TenantId tenant,
        AlertIntake intake, CancellationToken cancellationToken)
    {
        if (AlertmanagerChecks.Problem(payload) is { } error)
        {
            return Invalid(error);
        }
        var outcomes = new List<AlertOutcome>(payload.Alerts!.Count);
        var correlation = Guid.NewGuid();
        foreach (var alert in payload.Alerts)
        {
            outcomes.Add(await intake.ReceiveAsync(AlertSignals.FromAlertmanager(tenant.Value, alert, payload.ExternalUrl), correlation, cancellationToken));
        }
        return TypedResults.Ok(new AlertmanagerOutcome(outcomes));
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid alert", detail: detail);
}

/// <summary>What each alert of an Alertmanager notification did, in its order.</summary>
public sealed record AlertmanagerOutcome(IReadOnlyList<AlertOutcome> Alerts);
