using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Inference.Tests;

[Collection(ServingCollection.Name)]
public sealed class JobsTests(ServingFixture fixture)
{
    [Fact]
    public async Task Job_Csv_ScoresEveryRowInOrder_AndMatchesOnlineScoring()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);

        var submitted = await SubmitAsync(client, DemoRequests.Csv(5000), "text/csv", "nightly-1");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = await submitted.JsonAsync();
        var finished = await WaitFinishedAsync(client, job.GetProperty("id").GetGuid());

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(5000, finished.GetProperty("rowsDone").GetInt64());
        Assert.Equal(1, finished.GetProperty("modelVersion").GetInt32());
        var lines = (await client.GetStringAsync(finished.GetProperty("resultsUrl").GetString(), TestContext.Current.CancellationToken)).TrimEnd('\n').Split('\n');
        Assert.Equal("row,PredictedLabel,Score,Probability", lines[0]);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => i.ToString(CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
        var online = await (await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance(4321)))).JsonAsync();
        Assert.Equal(online.Output("Probability.output")[0].GetDouble(), double.Parse(lines[4322].Split(',')[3], CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public async Task Job_JsonLines_ScoresEachLine()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);
        var jsonl = string.Join('\n', Enumerable.Range(0, 50).Select(i => DemoRequests.Instance(i).ToJsonString())) + "\n\n";

        var job = await (await SubmitAsync(client, jsonl, "application/x-ndjson", null)).JsonAsync();
        var finished = await WaitFinishedAsync(client, job.GetProperty("id").GetGuid());

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(50, finished.GetProperty("rowsDone").GetInt64());
    }

    [Fact]
    public async Task Job_SameIdempotencyKey_ReturnsTheSameJob()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);

        var first = await SubmitAsync(client, DemoRequests.Csv(10), "text/csv", "once");
        var second = await SubmitAsync(client, DemoRequests.Csv(10), "text/csv", "once");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetGuid(), (await second.JsonAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Job_BadInputs_AreRefusedWithProblemDetails()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);

        var missingColumn = await SubmitAsync(client, "age,income\n30,40000\n", "text/csv", null);
        var wrongType = await SubmitAsync(client, "x", "application/pdf", null);
        var unknownModel = await client.PostAsync("/jobs?model=nope", new StringContent("a\n1\n", Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);
        var badCell = await (await SubmitAsync(client, DemoRequests.Csv(3).Replace("\n1,22,", "\n1,old,", StringComparison.Ordinal), "text/csv", null)).JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, missingColumn.StatusCode);
        Assert.Contains("no column 'employment_years'", (await missingColumn.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
        var failed = await WaitFinishedAsync(client, badCell.GetProperty("id").GetGuid());
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("row 2: column 'age' value 'old' is not a valid FP32", failed.GetProperty("error").GetString());
        var results = await client.GetAsync($"/jobs/{badCell.GetProperty("id").GetGuid()}/results", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, results.StatusCode);
    }

    [Fact]
    public async Task Job_RowsWithMissingAndExtraCells_FailsTheJobNamingTheRow_AndTheServiceKeepsServing()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        // Its own instance: before the fix this job ended the process, which would take the shared one down with it.
        await using var inference = fixture.StartInference(null, tenant);
        using var client = ServingFixture.Client(inference, tenant);
        await fixture.WaitServedAsync(client, DemoRequests.Model, 1);

        var submitted = await SubmitAsync(client, MalformedCsv(), "text/csv", null);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var jobId = (await submitted.JsonAsync()).GetProperty("id").GetGuid();
        var failed = await WaitFinishedAsync(client, jobId);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("row 2: 3 cells where the header has 10", failed.GetProperty("error").GetString());
        var lifetime = inference.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        var prediction = await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance(7)));
        Assert.Equal(HttpStatusCode.OK, prediction.StatusCode);
        await using var db = new Npgsql.NpgsqlConnection(inference.ConnectionString);
        var row = await Dapper.SqlMapper.QuerySingleAsync<(string Status, string? LeaseOwner)>(db, "SELECT status, lease_owner FROM batch_jobs WHERE id = @jobId", new { jobId });
        Assert.Equal(("failed", (string?)null), row);
    }

    [Fact]
    public async Task Job_SkipBadRows_ScoresTheGoodRows_AndListsTheSkippedOnes()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);

        var job = await (await SubmitAsync(client, MalformedCsv(), "text/csv", null, "skip")).JsonAsync();
        var finished = await WaitFinishedAsync(client, job.GetProperty("id").GetGuid());

        Assert.Equal("skip", job.GetProperty("onRowError").GetString());
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, finished.GetProperty("error").ValueKind);
        Assert.Equal(3, finished.GetProperty("rowsDone").GetInt64());
        Assert.Equal(2, finished.GetProperty("rowsSkipped").GetInt64());
        Assert.Equal("""[{"row":2,"error":"row 2: 3 cells where the header has 10"},{"row":3,"error":"row 3: 12 cells where the header has 10"}]""",
            finished.GetProperty("skippedRows").GetRawText());
        var lines = (await ResultsAsync(client, finished)).TrimEnd('\n').Split('\n');
        Assert.Equal(["row", "0"], lines.Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Job_SkipBadJsonLines_NamesEachLine_AndListsOnlyTheFirstOnes()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);
        var noPurpose = DemoRequests.Instance(2);
        noPurpose.Remove("purpose");
        var textAge = DemoRequests.Instance(3);
        textAge["age"] = "old";
        string[] lines =
        [
            DemoRequests.Instance(0).ToJsonString(),
            "{\"pad\":\"" + new string('x', 5000) + "\"}",
            "[1,2,3]",
            noPurpose.ToJsonString(),
            "",
            textAge.ToJsonString(),
            "{not json",
            "7",
            DemoRequests.Instance(1).ToJsonString(),
        ];

        var job = await (await SubmitAsync(client, string.Join('\n', lines) + "\n", "application/x-ndjson", null, "skip")).JsonAsync();
        var finished = await WaitFinishedAsync(client, job.GetProperty("id").GetGuid());

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(8, finished.GetProperty("rowsDone").GetInt64());
        Assert.Equal(6, finished.GetProperty("rowsSkipped").GetInt64());
        var skipped = finished.GetProperty("skippedRows").EnumerateArray().Select(r => (r.GetProperty("row").GetInt64(), r.GetProperty("error").GetString()!)).ToList();
        Assert.Equal(5, skipped.Count);
        Assert.Equal((2L, "line 2: longer than 4096 characters (MlOps:Inference:Jobs:MaxLineLength)"), skipped[0]);
        Assert.Equal((3L, "line 3: not a JSON object"), skipped[1]);
        Assert.Equal((4L, "line 4: no feature 'purpose'"), skipped[2]);
        Assert.Equal((6L, "line 6: feature 'age' value \"old\" is not a valid FP32"), skipped[3]);
        Assert.Equal(7L, skipped[4].Item1);
        Assert.StartsWith("line 7: not valid JSON (", skipped[4].Item2, StringComparison.Ordinal);
        var results = (await ResultsAsync(client, finished)).TrimEnd('\n').Split('\n');
        Assert.Equal(["row", "0", "7"], results.Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Job_UnknownOnRowError_Returns400NamingIt()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);

        var response = await SubmitAsync(client, DemoRequests.Csv(2), "text/csv", null, "ignore");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("Invalid onRowError", problem.GetProperty("title").GetString());
        Assert.Equal("onRowError must be 'fail' (the default: the first bad row fails the job) or 'skip' (bad rows are skipped and listed in the job); got 'ignore'.",
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Job_ClaimedAgainAndAgainWithoutProgress_IsFailed_AndNotClaimedAgain()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);
        var jobId = Guid.CreateVersion7();
        await using (var db = new Npgsql.NpgsqlConnection(fixture.Inference.ConnectionString))
        {
            // What three runs that each ended the process (or lost the lease) before their first commit leave behind.
            await Dapper.SqlMapper.ExecuteAsync(db,
                """
                INSERT INTO batch_jobs (id, tenant_id, model_name, format, status, input_bytes, lease_owner, lease_until, claims_without_progress)
                VALUES (@jobId, @tenant, @model, 'csv', 'running', 10, 'crashed', now() - interval '1 minute', 3)
                """, new { jobId, tenant, model = DemoRequests.Model });
        }

        var failed = await WaitFinishedAsync(client, jobId);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("the job stopped 3 times without committing progress (the instance running it stopped or lost its lease); it is not retried",
            failed.GetProperty("error").GetString());
        await using (var db = new Npgsql.NpgsqlConnection(fixture.Inference.ConnectionString))
        {
            var claims = await Dapper.SqlMapper.QuerySingleAsync<(string Status, int Claims, string? Owner)>(db,
                "SELECT status, claims_without_progress, lease_owner FROM batch_jobs WHERE id = @jobId", new { jobId });
            Assert.Equal(("failed", 4, (string?)null), claims);
        }
    }

    [Fact]
    public async Task Job_ServiceStopsMidJob_ANewInstanceResumesWithExactResults()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        var csv = DemoRequests.Csv(30_000);
        using var reference = fixture.Client(tenant);
        var expected = await ResultsAsync(reference, await WaitFinishedAsync(reference, (await (await SubmitAsync(reference, csv, "text/csv", null)).JsonAsync()).GetProperty("id").GetGuid()));

        // Its own instance (and database), serving the tenant's model from the start, chunking finely so a stop lands mid-job.
        var settings = new Dictionary<string, string> { ["MlOps:Inference:Jobs:ChunkRows"] = "100", ["MlOps:Inference:Jobs:SliceRows"] = "100" };
        var first = fixture.StartInference(null, tenant, settings, keepDatabase: true);
        Guid jobId;
        using (var client = ServingFixture.Client(first, tenant))
        {
            await fixture.WaitServedAsync(client, DemoRequests.Model, 1);
            jobId = (await (await SubmitAsync(client, csv, "text/csv", "resume-me")).JsonAsync()).GetProperty("id").GetGuid();
            await Eventually.WaitAsync(async () => await JobAsync(client, jobId), j => j.GetProperty("rowsDone").GetInt64() >= 3000, "some chunks to be committed");
        }
        await first.DisposeAsync();
        await using (var db = new Npgsql.NpgsqlConnection(first.ConnectionString))
        {
            var stopped = await Dapper.SqlMapper.QuerySingleAsync<(string Status, long RowsDone)>(db, "SELECT status, rows_done FROM batch_jobs WHERE id = @jobId", new { jobId });
            Assert.Equal("running", stopped.Status);
            Assert.InRange(stopped.RowsDone, 3000, 29_999);
        }
        // What a crash leaves after the last commit: bytes past the committed length, which the next holder must cut off.
        await File.AppendAllTextAsync(Path.Combine(fixture.JobRoot, jobId.ToString("N"), "results.csv"), "99999,garbage\n", TestContext.Current.CancellationToken);

        await using var second = fixture.StartInference(first.DatabaseName, tenant, settings, keepDatabase: false);
        using var resumed = ServingFixture.Client(second, tenant);
        var finished = await WaitFinishedAsync(resumed, jobId, TimeSpan.FromSeconds(60));

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal(expected, await ResultsAsync(resumed, finished));
    }

    [Fact]
    public async Task Job_ReplicaStopsMidJob_HandsItBack_AndTheOtherReplicaFinishesItWithExactResults()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        var csv = DemoRequests.Csv(30_000);
        using var reference = fixture.Client(tenant);
        var expected = await ResultsAsync(reference, await WaitFinishedAsync(reference, (await (await SubmitAsync(reference, csv, "text/csv", null)).JsonAsync()).GetProperty("id").GetGuid()));
        // Two replicas on one database and one jobs folder (the shared volume); a lease far longer than the test, so only a
        // handback lets the second take the job over in time.
        var settings = new Dictionary<string, string>
        {
            ["MlOps:Inference:Jobs:ChunkRows"] = "100", ["MlOps:Inference:Jobs:SliceRows"] = "100", ["MlOps:Inference:Jobs:Lease"] = "00:10:00",
        };
        var first = fixture.StartInference(null, tenant, settings, keepDatabase: true);
        Guid jobId;
        using (var client = ServingFixture.Client(first, tenant))
        {
            await fixture.WaitServedAsync(client, DemoRequests.Model, 1);
            jobId = (await (await SubmitAsync(client, csv, "text/csv", "hand-me-back")).JsonAsync()).GetProperty("id").GetGuid();
            await Eventually.WaitAsync(async () => await JobAsync(client, jobId), j => j.GetProperty("rowsDone").GetInt64() >= 3000, "some chunks to be committed");
        }
        await using var second = fixture.StartInference(first.DatabaseName, tenant, settings, keepDatabase: false);
        using var other = ServingFixture.Client(second, tenant);
        await fixture.WaitServedAsync(other, DemoRequests.Model, 1);
        var held = await LeaseAsync(first.ConnectionString, jobId);

        await first.DisposeAsync();

        // No longer the first's (handed back, and perhaps already claimed by the second), and the stop did not count as a
        // claim without progress (the second's claim, if made, counts one).
        var released = await LeaseAsync(first.ConnectionString, jobId);
        Assert.NotNull(held.Owner);
        Assert.NotEqual(held.Owner, released.Owner);
        Assert.InRange(released.Claims, 0, 1);
        var finished = await WaitFinishedAsync(other, jobId, TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        // Results written by both replicas, read through the second.
        Assert.Equal(expected, await ResultsAsync(other, finished));
    }

    private static async Task<(string? Owner, int Claims)> LeaseAsync(string connectionString, Guid jobId)
    {
        await using var db = new Npgsql.NpgsqlConnection(connectionString);
        return await Dapper.SqlMapper.QuerySingleAsync<(string?, int)>(db,
            "SELECT lease_owner, claims_without_progress FROM batch_jobs WHERE id = @jobId", new { jobId });
    }

    /// <summary>A header, a good row, a row of three cells and a row with two extra cells.</summary>
    private static string MalformedCsv()
    {
        var lines = DemoRequests.Csv(1).Split('\n');
        return $"{lines[0]}\n{lines[1]}\n1,30,40000\n{lines[1]},extra,cells\n";
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string body, string contentType, string? key, string? onRowError = null)
    {
        var url = $"/jobs?model={DemoRequests.Model}" + (onRowError is null ? "" : $"&onRowError={onRowError}");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> JobAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/jobs/{id}", TestContext.Current.CancellationToken)).JsonAsync();

    private static Task<JsonElement> WaitFinishedAsync(HttpClient client, Guid id, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(() => JobAsync(client, id), j => j.GetProperty("status").GetString() is "succeeded" or "failed", $"job {id} to finish", timeout);

    private static Task<string> ResultsAsync(HttpClient client, JsonElement job) =>
        client.GetStringAsync($"/jobs/{job.GetProperty("id").GetGuid()}/results", TestContext.Current.CancellationToken);
}
