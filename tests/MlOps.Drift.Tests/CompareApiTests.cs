using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.TestSupport;

namespace MlOps.Drift.Tests;

/// <summary>POST /v1/drift/compare over real HTTP: the fixed answer shape, overrides, embeddings and every kind of bad input.</summary>
public sealed class CompareApiTests(DriftServiceFixture fixture) : IClassFixture<DriftServiceFixture>
{
    // Read per test: each test has its own token, cancelled when that test times out or the run stops.
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static double[] Normal(int n, double mean, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => Math.Round(mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()), 4))];
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body)
    {
        using var client = fixture.Client();
        using var response = await client.PostAsJsonAsync("/v1/drift/compare", body, Cancel);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Cancel));
    }

    [Fact]
    public async Task Compare_InferredTypes_DefaultTestsAndFixedShape()
    {
        var (status, body) = await PostAsync(new
        {
            reference = new Dictionary<string, object> { ["income"] = Normal(500, 0, 1), ["segment"] = Enumerable.Range(0, 500).Select(i => i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c") },
            current = new Dictionary<string, object> { ["income"] = Normal(400, 1, 2), ["segment"] = Enumerable.Range(0, 400).Select(i => i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c") },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var income = body.GetProperty("columns").GetProperty("income");
        Assert.Equal("numeric", income.GetProperty("type").GetString());
        Assert.Equal("ks", income.GetProperty("method").GetString());
        Assert.True(income.GetProperty("drift_detected").GetBoolean());
        Assert.True(income.GetProperty("tests").GetProperty("ks").GetProperty("pvalue").GetDouble() < 1e-10);
        var segment = body.GetProperty("columns").GetProperty("segment");
        Assert.Equal("categorical", segment.GetProperty("type").GetString());
        Assert.Equal("chi2", segment.GetProperty("method").GetString());
        Assert.Equal(2, segment.GetProperty("tests").GetProperty("chi2").GetProperty("dof").GetInt32());
        Assert.False(segment.GetProperty("drift_detected").GetBoolean());
        Assert.Equal(0.5, body.GetProperty("share_drifted").GetDouble());
        Assert.True(body.GetProperty("dataset_drift").GetBoolean());
    }

    [Fact]
    public async Task Compare_ChosenTestsAndThreshold_MatchScipyCaseAndFirstTestDecides()
    {
        var reference = ReferenceCaseFile("shared/normal_small_shift.json");
        var (status, body) = await PostAsync(new JsonObject
        {
            ["reference"] = new JsonObject { ["x"] = reference["reference"]!.DeepClone() },
            ["current"] = new JsonObject { ["x"] = reference["current"]!.DeepClone() },
            ["columns"] = new JsonObject { ["x"] = new JsonObject { ["type"] = "numeric", ["stattests"] = new JsonArray("psi", "ks", "wasserstein_normed", "jensenshannon"), ["threshold"] = 0.25 } },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var x = body.GetProperty("columns").GetProperty("x");
        var expected = reference["expected"]!;
        Assert.Equal(expected["psi"]!.GetValue<double>(), x.GetProperty("tests").GetProperty("psi").GetProperty("statistic").GetDouble(), 1e-12);
        Assert.Equal(expected["ks_pvalue"]!.GetValue<double>(), x.GetProperty("tests").GetProperty("ks").GetProperty("pvalue").GetDouble(), 1e-12);
        Assert.Equal(expected["jensenshannon"]!.GetValue<double>(), x.GetProperty("tests").GetProperty("jensenshannon").GetProperty("statistic").GetDouble(), 1e-12);
        Assert.Equal("psi", x.GetProperty("method").GetString());
        Assert.False(x.GetProperty("drift_detected").GetBoolean());
        Assert.Equal(0.25, x.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Compare_NonFiniteValues_DroppedAndCounted()
    {
        var (status, body) = await PostAsync(new JsonObject
        {
            ["reference"] = new JsonObject { ["x"] = new JsonArray(1.0, 2.0, null, "NaN", 3.0, 4.0, 5.0, 6.0) },
            ["current"] = new JsonObject { ["x"] = new JsonArray(1.5, "Infinity", 2.5, "-inf", 3.5, 4.5, 5.5, 6.5) },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var x = body.GetProperty("columns").GetProperty("x");
        Assert.Equal(6, x.GetProperty("reference_rows").GetInt32());
        Assert.Equal(2, x.GetProperty("dropped").GetProperty("reference").GetInt32());
        Assert.Equal(2, x.GetProperty("dropped").GetProperty("current").GetInt32());
    }

    [Fact]
    public async Task Compare_Embeddings_MmdDecidesDrift()
    {
        var random = new Random(7);
        double[][] Vectors(double shift) => [.. Enumerable.Range(0, 120).Select(_ => Enumerable.Range(0, 8).Select(d => random.NextDouble() + (d < 3 ? shift : 0)).ToArray())];
        var (status, body) = await PostAsync(new { embeddings = new { docs = new { reference = Vectors(0), current = Vectors(0.4) } } });

        Assert.Equal(HttpStatusCode.OK, status);
        var docs = body.GetProperty("embeddings").GetProperty("docs");
        Assert.True(docs.GetProperty("drift_detected").GetBoolean());
        Assert.True(docs.GetProperty("mmd").GetProperty("pvalue").GetDouble() < 0.05);
        Assert.True(docs.GetProperty("domain_classifier_auc").GetDouble() > 0.8);
    }

    private static double[][] UniformVectors(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimensions).Select(_ => Math.Round(random.NextDouble(), 3)).ToArray())];
    }

    [Fact]
    public async Task Compare_EmbeddingsAtBothCaps_EvaluatedOnTheSample()
    {
        // 200 vectors × 10 dimensions: exactly the fixture's vector and value caps; MMD and the classifier see 100 of each side.
        var (status, body) = await PostAsync(new { embeddings = new { docs = new { reference = UniformVectors(200, 10, 1), current = UniformVectors(200, 10, 2) } } });

        Assert.Equal(HttpStatusCode.OK, status);
        var docs = body.GetProperty("embeddings").GetProperty("docs");
        Assert.False(docs.GetProperty("drift_detected").GetBoolean());
        Assert.InRange(docs.GetProperty("domain_classifier_auc").GetDouble(), 0.3, 0.7);
    }

    [Fact]
    public async Task Compare_EmbeddingsOverVectorCap_413NamingTheSetAndTheLimit()
    {
        var (status, body) = await PostAsync(new
        {
            embeddings = new { docs = new { reference = UniformVectors(10, 2, 1), current = UniformVectors(DriftServiceFixture.MaxEmbeddingVectors + 1, 2, 2) } },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Embedding set too large", body.GetProperty("title").GetString());
        Assert.Equal("Embeddings 'docs': current has 201 vectors; the limit is 200 per side (MlOps:Drift:MaxEmbeddingVectorsPerSide).",
            body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Compare_EmbeddingsOverValueCap_413NamingTheSetAndTheLimit()
    {
        var (status, body) = await PostAsync(new
        {
            embeddings = new Dictionary<string, object>
            {
                ["small"] = new { reference = UniformVectors(10, 2, 1), current = UniformVectors(10, 2, 2) },
                ["wide"] = new { reference = UniformVectors(50, 41, 3), current = UniformVectors(10, 41, 4) },
            },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Embeddings 'wide': reference has 2050 numbers in 50 vectors; the limit is 2000 numbers (vectors × dimensions) per side "
            + "(MlOps:Drift:MaxEmbeddingValuesPerSide).", body.GetProperty("detail").GetString());
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { """{"reference": {"a": [1, 2]}, "current": {"b": [1, 2]}}""", "400", "'a' only in reference; 'b' only in current" },
        { """{"reference": {"a": []}, "current": {"a": [1]}}""", "400", "Column 'a' has no values in reference" },
        { """{"reference": {"a": [1, 2]}, "current": {"a": [1, "x"]}, "columns": {"a": {"type": "numeric"}}}""", "400", "Column 'a' is numeric but current[1] is the string \"x\"" },
        { """{"reference": {"a": [null, "NaN"]}, "current": {"a": [1, 2]}}""", "422", "Column 'a' has no finite values left in reference: all 2" },
        { """{"reference": {"a": ["x", "y"]}, "current": {"a": ["x", "x"]}, "columns": {"a": {"stattests": ["ks"]}}}""", "400", "Column 'a' is categorical; 'ks' applies to numeric columns only" },
        { """{"reference": {"a": [1, 2]}, "current": {"a": [1, 2]}, "columns": {"a": {"stattests": ["bogus"]}}}""", "400", "unknown test \"bogus\"" },
        { """{"reference": {"a": [1, 2]}, "current": {"a": [1, 2]}, "columns": {"b": {}}}""", "400", "'columns' configures 'b', which is not in the data" },
        { """{"reference": {"a": [1, 2]}, "current": {"a": [1, 2]}, "columns": {"a": {"threshold": -1}}}""", "400", "'columns.a.threshold' must be a number ≥ 0" },
        { """{"reference": {"a": ["x", "y", "z"]}, "current": {"a": ["x"]}, "columns": {"a": {"stattests": ["z"]}}}""", "400", "Column 'a': 'z' compares two values; this column has 3" },
        { """{"reference": {"a": [1]}}""", "400", "'reference' and 'current' must both be objects" },
        { """[1, 2]""", "400", "The body must be a JSON object" },
        { """{"reference": {"a": [1, 2}""", "400", "The body is not valid JSON" },
        { """{"embeddings": {"e": {"reference": [[1, 2], [3]], "current": [[1, 2], [3, 4]]}}}""", "400", "Embeddings 'e': Every embedding needs the same" },
        { """{"embeddings": {"e": {"reference": [[1], [2]], "current": [[1], [2]]}, "e": {"reference": [[1], [2]], "current": [[1], [2]]}}}""", "400", "'embeddings' names the set 'e' more than once" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Compare_BadInput_ProblemDetailsNamingTheProblem(string json, string status, string detail)
    {
        using var client = fixture.Client();
        using var response = await client.PostAsync("/v1/drift/compare", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """[1, 2]""", "body" },
        { """{"reference": [1, 2], "current": {"a": [1, 2]}}""", "reference" },
        { """{"reference": {"a": [1, 2]}, "current": {"a": [1, "x"]}, "columns": {"a": {"type": "numeric"}}}""", "current" },
        { """{"reference": {"a": [1, 2]}, "current": {"a": [1, 2]}, "columns": {"a": {"threshold": -1}}}""", "columns" },
        { """{"embeddings": {"e": {"reference": [[1], [2]], "current": [[1], "x"]}}}""", "embeddings" },
        { """{"reference": {"a": [1, 2]}, "current": {"a": [1, 2]}, "share_threshold": "half"}""", "share_threshold" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Compare_InvalidBody_ValidationProblemKeyedByTheBodyField(string json, string field)
    {
        using var client = fixture.Client();
        using var response = await client.PostAsync("/v1/drift/compare", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.StartsWith(field + ": ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_BodyOverLimit_413()
    {
        using var client = fixture.Client();
        var big = "{\"reference\": {\"a\": [" + string.Join(",", Enumerable.Repeat("1.0", 800_000)) + "]}, \"current\": {\"a\": [1.0]}}";
        using var response = await client.PostAsync("/v1/drift/compare", new StringContent(big, Encoding.UTF8, "application/json"), Cancel);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("monitoring windows", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_BodyPastTheServiceDefaultButWithinTheCompareLimit_IsRead()
    {
        using var client = fixture.Client();
        // About 1.6 MB: past the services' 1 MiB default, within this endpoint's limit (2,000,000 in the fixture).
        var body = "{\"reference\": {\"a\": [" + string.Join(",", Enumerable.Range(0, 300_000).Select(i => (i % 1000 / 10.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))
            + "]}, \"current\": {\"a\": [1.0, 2.0, 3.0]}}";
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 1_100_000, 1_900_000);

        using var response = await client.PostAsync("/v1/drift/compare", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static JsonNode ReferenceCaseFile(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReferenceCases", name)))!;
}
