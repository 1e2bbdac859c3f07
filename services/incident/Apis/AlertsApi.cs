using Microsoft.AspNetCore.Http.HttpResults;
using MlOps.Incident.Alerts;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Tenancy;

namespace MlOps.Incident.Apis;

/// <summary>Alert intake at fixed paths, since other systems are configured with them.</summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/v1/alerts").WithTags("Alerts");
        alerts.MapPost("/", ReceiveAlert).ProducesValidationProblem().WithName("ReceiveAlert")
            .WithSummary("Receives one alert: firing opens or joins the incident of its dedup key, resolved resolves it.");
        alerts.MapPost("/alertmanager", ReceiveAlertmanager).ProducesValidationProblem().WithName("ReceiveAlertmanager")
            .WithSummary("Prometheus Alertmanager's webhook receiver (payload version 4); each alert is applied on its own.");
        return app;
    }

    public static async Task<Results<Accepted<AlertOutcome>, ProblemHttpResult>> ReceiveAlert(GenericAlertRequest request, TenantId tenant,
        AlertBatcher batcher, HttpContext http, CancellationToken cancellationToken)
    {
        if (!batcher.TrySubmit(AlertSignals.FromApi(tenant.Value, request), Guid.NewGuid(), out var applied))
        {
            return Busy(http);
        }
        var outcome = await applied.WaitAsync(cancellationToken);
        return TypedResults.Accepted(outcome.IncidentId is { } id ? $"/incidents/{id}" : (string?)null, outcome);
    }

    /// <summary>
    /// A tenant's Alertmanager (its key holds incident:alert) raises alerts for its own tenant only, whatever its labels say; the
    /// platform's Alertmanager (its own service identity) sends every tenant's SLO alerts, so there each alert's tenant label decides.
    /// </summary>
    public static async Task<Results<Ok<AlertmanagerOutcome>, ValidationProblem, ProblemHttpResult>> ReceiveAlertmanager(AlertmanagerPayload payload, TenantId tenant,
        CallerIdentity caller, AlertBatcher batcher, HttpContext http, CancellationToken cancellationToken)
    {
        var platform = caller.Subject == PlatformClaims.ServiceSubjectPrefix + ServiceIdentities.PlatformAlertmanager;
        if (platform && AlertmanagerChecks.TenantProblems(payload) is { Count: > 0 } errors)
        {
            return ValidationProblems.Answer(errors);
        }
        var correlation = Guid.NewGuid();
        var applied = new List<Task<AlertOutcome>>(payload.Alerts!.Count);
        foreach (var alert in payload.Alerts)
        {
            // Alertmanager re-sends the whole notification on a 5xx, and applying an alert twice only counts it twice.
            var owner = platform ? alert.Labels![AlertmanagerChecks.TenantLabel] : tenant.Value;
            if (!batcher.TrySubmit(AlertSignals.FromAlertmanager(owner, alert, payload.ExternalUrl), correlation, out var outcome))
            {
                return Busy(http);
            }
            applied.Add(outcome);
        }
        return TypedResults.Ok(new AlertmanagerOutcome(await Task.WhenAll(applied).WaitAsync(cancellationToken)));
    }

    private static ProblemHttpResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Alert queue full",
            detail: "Too many alerts are waiting to be applied; retry after a second.");
    }
}

/// <summary>What each alert of an Alertmanager notification did, in its order.</summary>
public sealed record AlertmanagerOutcome(IReadOnlyList<AlertOutcome> Alerts);
