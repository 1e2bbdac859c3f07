using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MlOps.Ingest.Tests.RestApi;

namespace MlOps.Ingest.Tests.Pipelines;

/// <summary>Pipelines as resources: validation naming the field, masked secrets, schedules, cancellation and tenant isolation.</summary>
public sealed class PipelineApiTests : IAsyncLifetime
{
    private readonly IngestService _service = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    public static TheoryData<string, string> BadPipelines => new()
    {
        {
            """{"name":"p","dataset":"d","source":{"type":"rest_api","config":{"client":{"base_url":"https://api.example.com"},"resources":[{"name":"r","endpoint":"r","processing_steps":[]}]}}}""",
            "source.config.resources[0].processing_steps"
        },
        {
            """{"name":"p","dataset":"d","source":{"type":"files","config":{"format":"csv","resource":"r","location":{"type":"path","path":"../etc/passwd"}}}}""",
            "source.config.location.path"
        },
        {
            """{"name":"p","dataset":"d","schedule":"every day","source":{"type":"files","config":{"format":"csv","resource":"r","location":{"type":"path","path":"a.csv"}}}}""",
            "schedule: 'every day' is not a cron expression"
        },
        {
            """{"name":"p","dataset":"d","destination":{"type":"parquet"},"source":{"type":"files","config":{"format":"csv","resource":"r","location":{"type":"path","path":"a.csv"}}}}""",
            "destination.url: the parquet destination needs a url"
        },
        {
            """{"name":"p","dataset":"d","source":{"type":"files","config":[1,2]}}""",
            "source.config: must be a JSON object."
        },
        {
            """{"name":"p","dataset":"d","destination":{"type":"postgres","url":"elsewhere"},"source":{"type":"files","config":{"format":"csv","resource":"r","location":{"type":"path","path":"a.csv"}}}}""",
            "destination.url: the postgres destination is the platform's warehouse"
        },
    };

    [Theory]
    [MemberData(nameof(BadPipelines))]
    public async Task Create_InvalidDefinition_Returns400NamingTheField(string body, string expected)
    {
        var response = await _service.Client("acme").PostAsync("/pipelines",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.StartsWith(expected, problem.GetProperty("detail").GetString());
        // One problem, keyed by the JSON path its detail starts with.
        var field = Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;
        Assert.StartsWith(field + ": ", problem.GetProperty("detail").GetString());
        Assert.StartsWith(field, expected);
    }

    [Fact]
    public async Task Update_MaskSentWhereNoSecretIsStored_Returns400NamingTheField()
    {
        var client = _service.Client("acme");
        var config = new { client = new { base_url = "https://api.example.com/" }, resources = new[] { "items" } };
        await RunPolling.CreateAsync(client, new { name = "api", dataset = "shop", schedule = "0 0 1 1 *", source = new { type = "rest_api", config } });

        // The mask stands for a stored secret; where none is stored, the body put back is checked again and refused.
        var update = await client.PutAsJsonAsync("/pipelines/api", new
        {
            name = "api", dataset = "shop",
            source = new { type = "rest_api", config = new { client = new { base_url = "https://api.example.com/", auth = new { type = "bearer", token = "***" } }, resources = new[] { "items" } } },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        var problem = await update.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["source.config.client.auth.token"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/pipelines/api", TestContext.Current.CancellationToken)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Update_BodyNamingAnotherPipeline_Returns400NamingTheName()
    {
        var client = _service.Client("acme");

        var update = await client.PutAsJsonAsync("/pipelines/api", new
        {
            name = "other", dataset = "shop",
            source = new { type = "files", config = new { format = "csv", resource = "r", location = new { type = "path", path = "a.csv" } } },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        var problem = await update.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["name"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.StartsWith("name: the body names 'other' but the route names 'api'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_UnknownSourceType_Returns400ValidationProblem()
    {
        var response = await _service.Client("acme").PostAsJsonAsync("/pipelines",
            new { name = "p", dataset = "d", source = new { type = "ftp", config = new { } } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("source.type", out _), problem.ToString());
    }

    [Fact]
    public async Task Secrets_ReadBackMasked_AndAnUpdateSendingTheMaskKeepsTheStoredToken()
    {
        await using var api = await FakeRestApi.StartAsync(context => context.Request.Headers.Authorization == "Bearer s3cret-token"
            ? FakeRestApi.Json(context, """[{"id": 1}, {"id": 2}]""")
            : FakeRestApi.Json(context, """{"error": "unauthorized"}""", StatusCodes.Status401Unauthorized));
        var client = _service.Client("acme");
        var config = new { client = new { base_url = api.BaseUrl, auth = new { type = "bearer", token = "s3cret-token" } }, resources = new[] { "items" } };
        var created = await RunPolling.CreateAsync(client, new { name = "api", dataset = "shop", source = new { type = "rest_api", config } });
        Assert.Equal("***", created.GetProperty("sourceConfig").GetProperty("client").GetProperty("auth").GetProperty("token").GetString());

        var masked = JsonSerializer.Deserialize<JsonElement>(created.GetProperty("sourceConfig").GetRawText());
        var update = await client.PutAsJsonAsync("/pipelines/api", new { name = "api", dataset = "shop", source = new { type = "rest_api", config = masked } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var run = await RunPolling.RunToEndAsync(client, "api");

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("tables").EnumerateArray().Single().GetProperty("rowsLoaded").GetInt64());
        var listed = await client.GetStringAsync("/pipelines/api", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("s3cret-token", listed);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/pipelines/api", TestContext.Current.CancellationToken)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task KeyRingCertificate_Configured_KeyRingEncryptedAtRest_AndSecretsStillWork()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=mlops-ingest-keyring", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Path.Combine(Path.GetTempPath(), $"keyring-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pw"),
            TestContext.Current.CancellationToken);
        await using var service = new IngestService(new() { ["MlOps:Ingest:KeyRingCertificate"] = pfx, ["MlOps:Ingest:KeyRingCertificatePassword"] = "pw" });
        await using var api = await FakeRestApi.StartAsync(context => context.Request.Headers.Authorization == "Bearer s3cret-token"
            ? FakeRestApi.Json(context, """[{"id": 1}]""")
            : FakeRestApi.Json(context, """{"error": "unauthorized"}""", StatusCodes.Status401Unauthorized));
        var client = service.Client("acme");
        var config = new { client = new { base_url = api.BaseUrl, auth = new { type = "bearer", token = "s3cret-token" } }, resources = new[] { "items" } };

        await RunPolling.CreateAsync(client, new { name = "api", dataset = "shop", source = new { type = "rest_api", config } });
        var run = await RunPolling.RunToEndAsync(client, "api");

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        await using var connection = new Npgsql.NpgsqlConnection(service.Factory.ConnectionString);
        var keys = (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT xml FROM data_protection_keys")).ToList();
        Assert.NotEmpty(keys);
        // The key material is inside an EncryptedXml envelope, not a plain <masterKey> value.
        Assert.All(keys, xml => Assert.Contains("EncryptedData", xml));
        Assert.All(keys, xml => Assert.DoesNotContain("<value>", xml));
        File.Delete(pfx);
    }

    [Fact]
    public async Task Cancel_RunningLoad_EndsCancelledWithNothingVisible()
    {
        var firstPageServed = new TaskCompletionSource();
        await using var api = await FakeRestApi.StartAsync(async context =>
        {
            // The second page never comes until the request is aborted: the load is running when cancelled.
            if (context.Request.Query["page"] == "2")
            {
                firstPageServed.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await FakeRestApi.Json(context, """{"items": [{"id": 1}], "next_page": 2}""");
        });
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, new
        {
            name = "slow", dataset = "shop",
            source = new
            {
                type = "rest_api",
                config = new
                {
                    client = new { base_url = api.BaseUrl, paginator = new { type = "page_number", page_param = "page", base_page = 1, total_path = (string?)null } },
                    resources = new[] { new { name = "items", endpoint = new { path = "items", data_selector = "items" } } },
                },
            },
        });
        var started = await RunPolling.StartAsync(client, "slow");
        var id = started.GetProperty("id").GetString()!;
        await firstPageServed.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var cancel = await client.PostAsync($"/pipelines/slow/runs/{id}/cancel", null, TestContext.Current.CancellationToken);
        var run = await RunPolling.FinishedAsync(client, "slow", id);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/datasets/shop", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Schedule_EverySecond_QueuesRunsMarkedSchedule()
    {
        var client = _service.Client("acme");
        await RunPolling.CreateAsync(client, new
        {
            name = "cron", dataset = "d", schedule = "* * * * * *",
            source = new { type = "files", config = new { format = "csv", resource = "r", location = new { type = "path", path = "none.csv" } } },
        });

        var runs = await MlOps.TestSupport.Eventually.WaitAsync(
            () => client.GetFromJsonAsync<JsonElement>("/pipelines/cron/runs", TestContext.Current.CancellationToken),
            page => page.GetProperty("items").GetArrayLength() > 0, "a scheduled run");

        Assert.Equal("schedule", runs.GetProperty("items")[0].GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task OtherTenant_CannotSeeRunOrDeleteAPipeline()
    {
        await RunPolling.CreateAsync(_service.Client("acme"), new
        {
            name = "mine", dataset = "d",
            source = new { type = "files", config = new { format = "csv", resource = "r", location = new { type = "path", path = "none.csv" } } },
        });
        var other = _service.Client("globex");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/pipelines/mine", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync("/pipelines/mine/runs", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync("/pipelines/mine", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/pipelines", TestContext.Current.CancellationToken)).GetProperty("items").GetArrayLength());
    }
}
