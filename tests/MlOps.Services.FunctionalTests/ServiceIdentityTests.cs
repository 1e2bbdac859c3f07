using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.ServiceDefaults.Identity;
using MlOps.Services.FunctionalTests.Infrastructure;

namespace MlOps.Services.FunctionalTests;

/// <summary>
/// The service's half of the trust model, on every route each service documents (read from its OpenAPI document when the
/// test runs, so routes added later are covered): the gateway's signed token and the route's scope, or nothing.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class ServiceIdentityTests(ServicesFixture services)
{
    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task EveryDocumentedRoute_TokenWithoutItsScope_Gets403_WithTheScopeNot401Or403(string service)
    {
        var prefix = PlatformScopes.ServicePrefixes[service];
        var checkedRoutes = 0;
        foreach (var (method, path) in await DocumentedRoutesAsync(service))
        {
            var required = ScopeTable.Required(prefix, method, path);
            if (required == ScopeTable.Anyone)
            {
                continue;
            }
            // Every scope there is, but the one the route needs and those that imply it.
            var others = PlatformScopes.All.Where(s => s != required && s != PlatformScopes.Admin).ToArray();
            using var without = services[service].CreateClient().Authorize(HttpExtensions.NewTenant(), others);
            using var with = services[service].CreateClient().Authorize(HttpExtensions.NewTenant(), required);

            var refused = await without.SendAsync(Request(method, path), TestContext.Current.CancellationToken);
            var allowed = await with.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} without '{required}' answered {(int)refused.StatusCode}");
            Assert.Contains($"'{required}'", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
            Assert.True(allowed.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized),
                $"{method} {path} with '{required}' answered {(int)allowed.StatusCode}");
            checkedRoutes++;
        }
        Assert.True(checkedRoutes > 0, $"{service} documents routes");
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task List_TokenSignedByAnotherKeyOrExpiredOrForAnotherAudience_Returns401(string service)
    {
        var route = ServiceCases.Get(service).Route;
        var strangerKeys = PlatformSigningKeys.FromPem([PlatformSigningKeys.NewPem()]);
        var otherKey = new PlatformTokenIssuer(strangerKeys, TimeProvider.System).Issue("acme", "k", [PlatformScopes.Admin], TimeSpan.FromMinutes(5));
        var expired = new PlatformTokenIssuer(TestIdentity.Keys, new ShiftedTime(TimeSpan.FromHours(-1))).Issue("acme", "k", [PlatformScopes.Admin], TimeSpan.FromMinutes(5));

        foreach (var (token, reason) in new[] { (otherKey, "does not publish"), (expired, "expired"), ("not.a.token", "malformed") })
        {
            using var client = services[service].CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);

            var response = await client.GetAsync(route, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(reason, (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task TenantB_CannotReadListChangeOrDeleteTenantAsRow_EvenByItsId(string service)
    {
        var serviceCase = ServiceCases.Get(service);
        var tenantA = HttpExtensions.NewTenant();
        var (id, key) = await services[service].InsertAsync(serviceCase, tenantA, "item-" + Guid.NewGuid().ToString("N")[..8]);
        using var ownerA = services[service].CreateClient().ForTenant(tenantA);
        using var tenantB = services[service].CreateClient().ForTenant(HttpExtensions.NewTenant());
        var before = await ownerA.GetStringAsync($"{serviceCase.Route}/{key}", TestContext.Current.CancellationToken);
        var answers = new List<(string Call, HttpStatusCode Status, string Body)>();

        // Every documented route that names a resource, called by tenant B with tenant A's id or name (B's own resource of
        // the same name may be created: names are per tenant).
        foreach (var (method, path) in await DocumentedRoutesAsync(service, key))
        {
            if (path.Contains(key, StringComparison.Ordinal))
            {
                var response = await tenantB.SendAsync(Request(method, path), TestContext.Current.CancellationToken);
                answers.Add(($"{method} {path}", response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
            }
        }
        var list = await tenantB.GetStringAsync(serviceCase.Route, TestContext.Current.CancellationToken);
        var after = await ownerA.GetStringAsync($"{serviceCase.Route}/{key}", TestContext.Current.CancellationToken);

        var ownRoute = $"{serviceCase.Route}/{key}";
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.True((int)a.Status < 500, $"{a.Call} as another tenant answered {(int)a.Status} {a.Body}"));
        // Reading tenant A's resource or anything under it by its id answers 404, as for an id that does not exist.
        Assert.All(answers.Where(a => a.Call.StartsWith("GET " + ownRoute, StringComparison.Ordinal)),
            a => Assert.Equal(HttpStatusCode.NotFound, a.Status));
        Assert.DoesNotContain(id.ToString(), list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    /// <summary>Each documented operation with its path parameters filled in (ids by <paramref name="key"/> when given).</summary>
    private async Task<List<(string Method, string Path)>> DocumentedRoutesAsync(string service, string? key = null)
    {
        using var reader = services[service].CreateClient().Authorize("ops");
        var document = await reader.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var routes = new List<(string, string)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                routes.Add((operation.Name.ToUpperInvariant(), Fill(path.Name, key)));
            }
        }
        return routes;
    }

    private static string Fill(string template, string? key) => System.Text.RegularExpressions.Regex.Replace(template, "{([^}:]+)[^}]*}", m => m.Groups[1].Value switch
    {
        "version" => "1",
        "alias" => "challenger",
        "id" or "name" or "model" or "key" when key is not null => key,
        "id" => Guid.NewGuid().ToString(),
        _ => "x1",
    });

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path) { Content = method is "GET" or "DELETE" ? null : JsonContent.Create(new { }) };

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
