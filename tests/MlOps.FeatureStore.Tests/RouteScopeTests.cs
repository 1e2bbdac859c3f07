using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.ServiceDefaults.Identity;
using MlOps.TestSupport;

namespace MlOps.FeatureStore.Tests;

/// <summary>Every route the service documents (read from its OpenAPI document, so later routes are covered) needs its scope.</summary>
[Collection(FeatureStoreCollection.Name)]
public sealed class RouteScopeTests(FeatureStoreFixture fixture)
{
    [Fact]
    public async Task EveryDocumentedRoute_WithoutItsScope_403NamingIt_AndWithItNeither401Nor403Nor500()
    {
        using var ops = fixture.Client("ops");
        var document = await ops.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var checkedRoutes = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete"))
            {
                var (method, route) = (operation.Name.ToUpperInvariant(), System.Text.RegularExpressions.Regex.Replace(path.Name, "{([^}:]+)[^}]*}",
                    m => m.Groups[1].Value == "id" ? Guid.NewGuid().ToString() : "x1"));
                var required = ScopeTable.Required("features", method, route);
                var others = PlatformScopes.All.Where(s => s != required && s != PlatformScopes.Admin).ToArray();
                using var without = fixture.Client(FeatureStoreFixture.NewTenant(), others);
                using var with = fixture.Client(FeatureStoreFixture.NewTenant(), required);

                var refused = await without.SendAsync(Request(method, route), TestContext.Current.CancellationToken);
                var allowed = await with.SendAsync(Request(method, route), TestContext.Current.CancellationToken);

                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{method} {route} without '{required}' answered {(int)refused.StatusCode}");
                Assert.Contains($"'{required}'", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                Assert.True(allowed.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) && (int)allowed.StatusCode < 500,
                    $"{method} {route} with '{required}' answered {(int)allowed.StatusCode}");
                checkedRoutes++;
            }
        }
        // Three definition kinds (list, get, versions, put, delete), training sets (4), materializations (3), lookups (1).
        Assert.Equal(23, checkedRoutes);
    }

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path) { Content = method is "GET" or "DELETE" ? null : JsonContent.Create(new { }) };
}
