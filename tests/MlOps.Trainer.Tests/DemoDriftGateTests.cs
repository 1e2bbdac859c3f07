using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MlOps.TestSupport;
using MlOps.Trainer.Services;
using MlOps.Trainer.Training;
using Npgsql;

namespace MlOps.Trainer.Tests;

/// <summary>
/// The drift demo's retrain against the new gate, as the end-to-end closed loop runs it: the champion learns the demo file
/// (ingest's first load); the next load replaces the table with the same applicants, incomes ×1.6, labels kept; the retrain reads
/// "latest", so its holdout is the newest load's held-out rows and the drifted window is the same rows. The candidate must not be
/// refused: a model that learned incomes on the old scale ranks the shifted applicants worse than one trained on the new scale.
/// </summary>
[Collection(TrainerBus.Name)]
public sealed class DemoDriftGateTests : IAsyncLifetime
{
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..12];
    private TrainerRig _rig = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Schema => MlOps.Contracts.WarehouseNames.Schema(_tenant, "demo");

    public async ValueTask InitializeAsync()
    {
        _rig = await TrainerRig.StartAsync(Token);
    }

    // The demo bootstrap trains on ingest's first load, or on the embedded file when none arrives in time: both must pass.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Retrain_AfterIncomesShifted_CandidateBeatsTheChampionOnTheDriftedWindowAndPassesTheGate(bool championFromWarehouse)
    {
        await LoadAsync(Guid.CreateVersion7().ToString(), incomeFactor: 1, create: true);
        using var trainer = Trainer();
        if (championFromWarehouse)
        {
            await RunAsync(trainer, promote: true);
        }
        else
        {
            var embedded = await trainer.PostAsJsonAsync("/runs", new { modelName = DemoTraining.ModelName, promote = true }, Token);
            Assert.Equal("succeeded", (await embedded.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("status").GetString());
        }
        await LoadAsync(Guid.CreateVersion7().ToString(), incomeFactor: 1.6, create: false);

        await RunAsync(trainer, promote: false);

        using var registry = _rig.Registry(_tenant);
        var metrics = (await registry.GetFromJsonAsync<JsonElement>($"/models/{DemoTraining.ModelName}/versions/2", Token)).GetProperty("metrics");
        var (mine, theirs) = (metrics.GetProperty("drifted.auc").GetDouble(), metrics.GetProperty("champion.drifted.auc").GetDouble());
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"drifted window ({metrics.GetProperty("drifted.rows").GetDouble()} rows): candidate AUC {mine:F4}, champion AUC {theirs:F4}"));
        Assert.True(mine > theirs, $"candidate {mine}, champion {theirs}");
        // The same held-out rows as ML.NET's own evaluation (auc): its evaluator and ONNX Runtime scoring with BinaryMetrics agree.
        Assert.Equal(metrics.GetProperty("auc").GetDouble(), metrics.GetProperty("holdout.auc").GetDouble(), 4);
        var tested = await registry.PostAsJsonAsync($"/models/{DemoTraining.ModelName}/versions/2/load-tests",
            new { source = "load-test", requests = 1000, errorRate = 0.001, p99Milliseconds = 25 }, Token);
        Assert.Equal(HttpStatusCode.Created, tested.StatusCode);
        var promoted = await registry.PutAsJsonAsync($"/models/{DemoTraining.ModelName}/aliases/champion", new { version = 2 }, Token);
        Assert.True(promoted.StatusCode == HttpStatusCode.OK, await promoted.Content.ReadAsStringAsync(Token));
    }

    // The demo file as ingest's demo pipeline writes it (write disposition replace: a load's rows replace the table's).
    private async Task LoadAsync(string load, double incomeFactor, bool create)
    {
        var data = DemoTraining.Data();
        var spec = TabularSpec.CreditDefault;
        if (create)
        {
            var columns = string.Join(", ", spec.NumericFeatures.Select(c => $"{c} double precision").Concat(spec.CategoricalFeatures.Select(c => $"{c} text")));
            await _rig.Warehouse.InDatasetAsync(_tenant, "demo", $"""
                CREATE TABLE _dlt_loads (load_id text NOT NULL, schema_name text, status bigint NOT NULL, inserted_at timestamptz NOT NULL);
                CREATE TABLE loans ({columns}, defaulted bigint, _dlt_load_id text NOT NULL, _dlt_id text NOT NULL)
                """, Token);
        }
        await using var connection = await _rig.Warehouse.OpenLoaderAsync(Token);
        await ReadOnlyWarehouse.ExecuteAsync(connection, $"DELETE FROM \"{Schema}\".loans", Token);
        await using (var writer = await connection.BeginTextImportAsync(
            $"COPY \"{Schema}\".loans ({string.Join(", ", spec.Features)}, defaulted, _dlt_load_id, _dlt_id) FROM STDIN", Token))
        {
            for (var i = 0; i < data.Rows; i++)
            {
                var numbers = spec.NumericFeatures.Select(c => (c == "income" ? data.Numeric[c][i] * incomeFactor : data.Numeric[c][i])
                    .ToString("R", CultureInfo.InvariantCulture));
                await writer.WriteLineAsync(string.Join('\t', numbers.Concat(spec.CategoricalFeatures.Select(c => data.Categorical[c][i]))
                    .Append(data.Label[i] ? "1" : "0").Append(load).Append($"{load}-{i}")));
            }
        }
        await ReadOnlyWarehouse.ExecuteAsync(connection, $"""
            INSERT INTO "{Schema}"._dlt_loads VALUES ('{load}', 'demo', 0, clock_timestamp());
            """, Token);
    }

    private async Task RunAsync(HttpClient trainer, bool promote)
    {
        var response = await trainer.PostAsJsonAsync("/runs", new
        {
            modelName = DemoTraining.ModelName, promote,
            data = new { dataset = "demo", table = "loans", labelColumn = "defaulted", featureColumns = TabularSpec.CreditDefault.Features },
        }, Token);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.GetRawText());
        Assert.Equal(promote, run.GetProperty("promoted").GetBoolean());
    }

    private HttpClient Trainer() => _rig.Trainer(_tenant);

    public ValueTask DisposeAsync() => _rig.DisposeAsync();
}
