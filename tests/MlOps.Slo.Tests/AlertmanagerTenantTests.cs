using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Slo.Tests;

/// <summary>
/// Whose incident an Alertmanager alert opens: the platform's Alertmanager (its service identity) names the tenant in each
/// alert's label; a tenant's own Alertmanager key opens incidents for its tenant only, whatever the label says.
/// </summary>
[Collection(SloStackCollection.Name)]
public sealed class AlertmanagerTenantTests(SloStack stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlatformAlertmanager_TenantLabel_OpensTheIncidentForThatTenant()
    {
        var tenant = NewTenant();
        using var platform = PlatformAlertmanager();

        var response = await platform.PostAsJsonAsync("/v1/alerts/alertmanager", Payload(tenant, "fp-platform-1"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await IncidentsAsync(tenant));
        Assert.Empty(await IncidentsAsync("platform"));
    }

    [Fact]
    public async Task PlatformAlertmanager_AlertWithoutTenantLabel_Returns400NamingTheLabel()
    {
        using var platform = PlatformAlertmanager();
        var payload = Payload(NewTenant(), "fp-platform-2");
        payload.Alerts[0].Labels.Remove("tenant");

        var response = await platform.PostAsJsonAsync("/v1/alerts/alertmanager", payload, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("alerts[0].labels.tenant: the platform's Alertmanager must name the alert's tenant",
            (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TenantAlertmanagerKey_AnotherTenantsLabel_OpensOnlyInItsOwnTenant()
    {
        var (attacker, victim) = (NewTenant(), NewTenant());
        using var tenantKey = stack.Incident.CreateClient().Authorize(attacker, PlatformScopes.IncidentAlert);

        var response = await tenantKey.PostAsJsonAsync("/v1/alerts/alertmanager", Payload(victim, "fp-tenant-1"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await IncidentsAsync(victim));
        var own = Assert.Single(await IncidentsAsync(attacker));
        Assert.Equal("slo_burn:checkout", own.GetProperty("dedupKey").GetString());
    }

    [Fact]
    public async Task AnotherServiceIdentity_TenantLabel_IsNotTrusted()
    {
        var (tokenTenant, labelTenant) = (NewTenant(), NewTenant());
        // Any other identity holding incident:alert (here a key given to a service name) stays in its token's tenant.
        using var other = stack.Incident.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestIdentity.Issuer.Issue(tokenTenant, PlatformClaims.ServiceSubjectPrefix + "incident", [PlatformScopes.IncidentAlert], TimeSpan.FromMinutes(5)));

        var response = await other.PostAsJsonAsync("/v1/alerts/alertmanager", Payload(labelTenant, "fp-service-1"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await IncidentsAsync(labelTenant));
        Assert.Single(await IncidentsAsync(tokenTenant));
    }

    private HttpClient PlatformAlertmanager()
    {
        var client = stack.Incident.CreateClient();
        // What the gateway's token endpoint signs for the alertmanager credential (the stack's Alertmanager gets it there).
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.Issuer.Issue("platform",
            PlatformClaims.ServiceSubjectPrefix + ServiceIdentities.PlatformAlertmanager, ServiceIdentities.ScopesOf(ServiceIdentities.PlatformAlertmanager)!,
            TimeSpan.FromMinutes(5)));
        return client;
    }

    private async Task<List<JsonElement>> IncidentsAsync(string tenant)
    {
        using var client = stack.IncidentClient(tenant, "incident:read");
        return [.. (await client.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items").EnumerateArray()];
    }

    private static Notification Payload(string tenant, string fingerprint) => new("4", "{}:{slo=\"checkout\"}", "firing", "incident",
    [
        new Alert("firing", new Dictionary<string, string>
        {
            ["alertname"] = "SloErrorBudgetBurn", ["tenant"] = tenant, ["slo"] = "checkout", ["severity"] = "page",
        }, new Dictionary<string, string> { ["summary"] = "SLO checkout is burning its error budget" }, DateTimeOffset.UtcNow, null, fingerprint),
    ]);

    private static string NewTenant() => "slo-" + Guid.NewGuid().ToString("N")[..10];

    private sealed record Notification(string Version, string GroupKey, string Status, string Receiver, List<Alert> Alerts);

    private sealed record Alert(string Status, Dictionary<string, string> Labels, Dictionary<string, string> Annotations, DateTimeOffset StartsAt,
        DateTimeOffset? EndsAt, string Fingerprint);
}
