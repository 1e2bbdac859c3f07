using System.Net;
using Dapper;
using MlOps.ServiceDefaults.Data;
using MlOps.Services.FunctionalTests.Infrastructure;
using Npgsql;

namespace MlOps.Services.FunctionalTests;

/// <summary>What every service must do: migrate its own database, answer health, document its API, and list/get what it owns per tenant.</summary>
[Collection(ServicesCollection.Name)]
public sealed class ServiceEndpointsTests(ServicesFixture services)
{
    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task Health_DatabaseAndBrokerUp_ReportsHealthy(string service)
    {
        using var client = services[service].CreateClient();

        var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task Alive_WithoutTenant_ReturnsOk(string service)
    {
        using var client = services[service].CreateClient();

        var response = await client.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task OpenApiDocument_RequestedByAnOperator_DescribesTheListEndpoint_TenantKeysGet403(string service)
    {
        using var operatorClient = services[service].CreateClient().Authorize("ops");
        using var tenantClient = services[service].CreateClient().Authorize(HttpExtensions.NewTenant(), ServiceCases.Get(service).ReadScope());

        var document = await (await operatorClient.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).ReadJsonAsync();
        var refused = await tenantClient.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.True(document.GetProperty("paths").TryGetProperty(ServiceCases.Get(service).Route, out _), $"{service} documents {ServiceCases.Get(service).Route}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("'admin'", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task Metrics_ScrapedWithTheMetricsCredential_ReturnsPrometheusText_OthersGet401(string service)
    {
        using var scraper = services[service].CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new("Bearer", TestIdentity.MetricsCredential);
        using var anonymous = services[service].CreateClient();
        using var admin = services[service].CreateClient().Authorize("ops");

        var text = await scraper.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Contains("# TYPE", text);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task Migrations_AtStart_CreateOutboxInboxAndOwnTables(string service)
    {
        await using var connection = new NpgsqlConnection(services[service].ConnectionString);

        var applied = (await connection.QueryAsync<string>("SELECT name FROM schema_migrations ORDER BY name")).ToList();

        var embedded = new MigrationSource([typeof(DatabaseMigrator).Assembly, services[service].Assembly], "any").Scripts().Select(s => s.Name);
        Assert.Equal(embedded, applied);
        Assert.Equal("0000_platform_outbox_inbox.sql", applied[0]);
        Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('outbox_messages') IS NOT NULL AND to_regclass('inbox_messages') IS NOT NULL"));
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task List_NewTenant_ReturnsEmptyPage(string service)
    {
        using var client = services[service].CreateClient().ForTenant(HttpExtensions.NewTenant());

        var page = await (await client.GetAsync(ServiceCases.Get(service).Route, TestContext.Current.CancellationToken)).ReadJsonAsync();

        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [MemberData(nameof(ServiceCases.IdPagedNames), MemberType = typeof(ServiceCases))]
    public async Task List_ThreeRowsLimitTwo_PagesWithCursorAndHidesOtherTenants(string service)
    {
        var serviceCase = ServiceCases.Get(service);
        var (tenant, other) = (HttpExtensions.NewTenant(), HttpExtensions.NewTenant());
        var mine = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await services[service].InsertAsync(serviceCase, tenant, $"item-{i}")).Id);
        }
        await services[service].InsertAsync(serviceCase, other, "item-other");
        using var client = services[service].CreateClient().ForTenant(tenant);

        var first = await (await client.GetAsync($"{serviceCase.Route}?limit=2", TestContext.Current.CancellationToken)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await client.GetAsync($"{serviceCase.Route}?limit=2&cursor={cursor}", TestContext.Current.CancellationToken)).ReadJsonAsync();

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetGuid()).ToList();
        // Ids are uuid v7: creation order to the millisecond, then PostgreSQL's byte order, which is the text order.
        Assert.Equal(mine.OrderBy(id => id.ToString(), StringComparer.Ordinal), ids);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task Get_OwnRow_ReturnsIt_OtherTenantGets404ProblemDetails(string service)
    {
        var serviceCase = ServiceCases.Get(service);
        var tenant = HttpExtensions.NewTenant();
        var (id, key) = await services[service].InsertAsync(serviceCase, tenant, "item-" + Guid.NewGuid().ToString("N")[..8]);
        using var owner = services[service].CreateClient().ForTenant(tenant);
        using var stranger = services[service].CreateClient().ForTenant(HttpExtensions.NewTenant());

        var own = await owner.GetAsync($"{serviceCase.Route}/{key}", TestContext.Current.CancellationToken);
        var foreign = await stranger.GetAsync($"{serviceCase.Route}/{key}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var ownId = (await own.ReadJsonAsync()).GetProperty("id");
        // A session's id is its own (the key); every other resource answers its uuid.
        Assert.Equal(serviceCase.IdPaged ? id.ToString() : key, serviceCase.IdPaged ? ownId.GetGuid().ToString() : ownId.GetString());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Contains(key, (await foreign.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task List_WithOnlyTheOldTenantHeaders_Returns401(string service)
    {
        using var client = services[service].CreateClient();
        client.DefaultRequestHeaders.Add("X-MlOps-Tenant", "acme");
        client.DefaultRequestHeaders.Add("X-MlOps-Scopes", "admin");

        var response = await client.GetAsync(ServiceCases.Get(service).Route, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("through the gateway", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(ServiceCases.Names), MemberType = typeof(ServiceCases))]
    public async Task List_LimitOutOfRangeOrBadCursor_Returns400ProblemDetails(string service)
    {
        using var client = services[service].CreateClient().ForTenant(HttpExtensions.NewTenant());
        var route = ServiceCases.Get(service).Route;

        var tooLarge = await client.GetAsync($"{route}?limit=100000", TestContext.Current.CancellationToken);
        var badCursor = await client.GetAsync($"{route}?cursor=not-a-cursor", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("limit", (await tooLarge.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Contains("cursor", (await badCursor.ReadJsonAsync()).GetProperty("detail").GetString());
    }
}
