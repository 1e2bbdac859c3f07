using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using MassTransit;
using MlOps.Contracts;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Services.FunctionalTests.Incident;

[Collection(ServicesCollection.Name)]
public sealed class IncidentsApiTests(ServicesFixture services)
{
    private IServiceUnderTest Incident => services["incident"];

    [Fact]
    public async Task OpenIncident_ValidRequest_PersistsAndPublishesIncidentOpenedThroughTheOutbox()
    {
        await using var collector = await MessageCollector<IncidentOpened>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);

        var response = await client.PostAsJsonAsync("/incidents", new { title = "Latency spike", severity = "high" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("open", created.GetProperty("status").GetString());
        Assert.Equal($"/incidents/{id}", response.Headers.Location?.ToString());
        var (messageId, published) = await collector.WaitForAsync(m => m.IncidentId == id);
        Assert.Equal(tenant, published.TenantId);
        Assert.Equal("Latency spike", published.Title);
        Assert.Equal("high", published.Severity);
        Assert.Equal("manual", published.Source);
        await using var connection = new NpgsqlConnection(Incident.ConnectionString);
        var outboxRow = await connection.QuerySingleAsync<(Guid Id, string Type)>(
            "SELECT id, message_type FROM outbox_messages WHERE payload->>'incidentId' = @id", new { id = id.ToString() });
        Assert.Equal(outboxRow.Id, messageId);
        Assert.Equal(typeof(IncidentOpened).FullName, outboxRow.Type);
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"severity\":\"apocalyptic\"}", "severity")]
    [InlineData("{\"title\":\"\",\"severity\":\"low\"}", "title")]
    [InlineData("{\"severity\":\"low\"}", "title")]
    public async Task OpenIncident_InvalidField_Returns400NamingTheField(string body, string field)
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PostAsync("/incidents", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors names {field}: {problem}");
    }

    [Fact]
    public async Task OpenIncident_MalformedJson_Returns400ProblemDetailsAndWritesNothing()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);

        var response = await client.PostAsync("/incidents", new StringContent("{\"title\": ", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var connection = new NpgsqlConnection(Incident.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM incidents WHERE tenant_id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task OpenIncident_BodyOverOneMebibyte_Returns413ProblemDetailsAndWritesNothing()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        var body = $"{{\"title\":\"{new string('x', 1024 * 1024)}\",\"severity\":\"low\"}}";

        var response = await client.PostAsync("/incidents", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 1048576 bytes", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        await using var connection = new NpgsqlConnection(Incident.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM incidents WHERE tenant_id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task ResolveIncident_Twice_SecondAnswers409_UnknownAnswers404()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var created = await (await client.PostAsJsonAsync("/incidents", new { title = "Disk full", severity = "medium" }, TestContext.Current.CancellationToken)).ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();

        var first = await client.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = "Freed space" }, TestContext.Current.CancellationToken);
        var second = await client.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = "Again" }, TestContext.Current.CancellationToken);
        var unknown = await client.PostAsJsonAsync($"/incidents/{Guid.NewGuid()}/resolve", new { resolution = "?" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var resolved = await first.ReadJsonAsync();
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal("Freed space", resolved.GetProperty("resolution").GetString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task DriftDetected_DeliveredTwiceWithOneMessageId_OpensOneIncident()
    {
        await using var sender = await MessageCollector<DriftDetected>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        var drift = new DriftDetected
        {
            TenantId = tenant, ModelName = "credit-default", Version = 3, Severity = "high", ShareDrifted = 0.6,
            Features = [new FeatureDrift("income", "wasserstein_normed", 0.4, 0.1)],
        };

        // The broker may redeliver; both deliveries carry the same message id, as outbox re-sends do.
        await sender.Bus.Publish(drift, context => context.MessageId = drift.Id, TestContext.Current.CancellationToken);
        await sender.Bus.Publish(drift, context => context.MessageId = drift.Id, TestContext.Current.CancellationToken);

        await sender.WaitForAsync(m => m.Id == drift.Id);
        await using var connection = new NpgsqlConnection(Incident.ConnectionString);
        await Eventually.WaitAsync(
            () => connection.ExecuteScalarAsync<int>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", new { id = drift.Id }),
            handled => handled == 1, "the drift message to be handled");
        // Give the second delivery time to be handled too: it must change nothing.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var incidents = (await connection.QueryAsync<(string Title, string Severity, string Source)>(
            "SELECT title, severity, source FROM incidents WHERE tenant_id = @tenant", new { tenant })).ToList();
        var incident = Assert.Single(incidents);
        Assert.Equal("Drift on credit-default v3: income", incident.Title);
        Assert.Equal("high", incident.Severity);
        Assert.Equal("drift", incident.Source);
    }

    [Fact]
    public async Task DriftDetected_ConsumerKeepsFailing_RetriedThenMovedToTheErrorQueue_NothingWritten()
    {
        var deadLetters = new System.Collections.Concurrent.ConcurrentQueue<Guid>();
        var errorQueue = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(TestInfrastructure.RabbitMq("functional"));
            cfg.ReceiveEndpoint("open-incident-on-drift_error", endpoint =>
            {
                endpoint.ConfigureConsumeTopology = false;
                endpoint.Handler<DriftDetected>(context =>
                {
                    deadLetters.Enqueue(context.Message.Id);
                    return Task.CompletedTask;
                });
            });
        });
        await errorQueue.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await using var sender = await MessageCollector<DriftDetected>.StartAsync(TestInfrastructure.RabbitMq("functional"));
            var tenant = HttpExtensions.NewTenant();
            // No features: the consumer cannot build the incident title and throws on every attempt.
            var poison = new DriftDetected { TenantId = tenant, ModelName = "m", Version = 1, Severity = "high", ShareDrifted = 1, Features = null! };

            await sender.Bus.Publish(poison, context => context.MessageId = poison.Id, TestContext.Current.CancellationToken);

            await Eventually.WaitAsync(() => Task.FromResult(deadLetters.Contains(poison.Id)), found => found, "the poison message in open-incident-on-drift_error");
            await using var connection = new NpgsqlConnection(Incident.ConnectionString);
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM incidents WHERE tenant_id = @tenant", new { tenant }));
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", new { id = poison.Id }));
        }
        finally
        {
            await errorQueue.StopAsync(CancellationToken.None);
        }
    }
}
