using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Messaging;

namespace MlOps.Incident.Runbooks.Steps;

/// <summary>
/// rollback {model, waitServing = true}: asks the registry to move the champion back (RequestRollback), waits for the alias to
/// move and, unless told not to, for inference to serve the restored version.
/// </summary>
public sealed class RollbackStep(OutboxWriter outbox) : IStepType
{
    public string Type => "rollback";

    public string? Validate(RunbookStep step) => step.Require("model");

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var model = context.Step.Text("model")!;
        if (context.State["requested"] is null)
        {
            await outbox.EnqueueAsync(context.Transaction, new RequestRollback
            {
                Id = context.MessageId("rollback"), TenantId = context.Run.TenantId, ModelName = model,
                Reason = $"incident {context.Run.IncidentId}, runbook {context.Run.Runbook} step {context.Step.Id}",
            }, cancellationToken);
            context.State["requested"] = context.Now.ToString("O");
            return new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
        var moved = await PlatformFacts.FirstSinceAsync(context.Transaction, context.Run.TenantId, PlatformFacts.AliasChanged, model, context.StartedAt,
            f => f.GetProperty("alias").GetString() == "champion" && f.GetProperty("newVersion").ValueKind == JsonValueKind.Number, cancellationToken);
        if (moved is not { } alias)
        {
            return new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
        var restored = alias.GetProperty("newVersion").GetInt32();
        var from = alias.GetProperty("oldVersion").ValueKind == JsonValueKind.Number ? alias.GetProperty("oldVersion").GetInt32() : (int?)null;
        if (context.Step.Flag("waitServing", true) && await PlatformFacts.FirstSinceAsync(context.Transaction, context.Run.TenantId, PlatformFacts.Serving,
                model, context.StartedAt, f => f.GetProperty("alias").GetString() == "champion" && f.GetProperty("version").GetInt32() == restored,
                cancellationToken) is null)
        {
            return new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
        return new StepOutcome.Done($"{model} champion rolled back from v{from} to v{restored}" + (context.Step.Flag("waitServing", true) ? ", now serving" : ""),
            new JsonObject { ["model"] = model, ["from"] = from, ["to"] = restored });
    }
}

/// <summary>
/// retrain {model, dataset?, table?, labelColumn?, load?, waitServing = true}: asks the trainer to retrain, waits for the new version to
/// register and, unless told not to, for inference to serve it as the challenger.
/// </summary>
public sealed class RetrainStep(OutboxWriter outbox) : IStepType
{
    public string Type => "retrain";

    public string? Validate(RunbookStep step) =>
        step.Require("model")
        ?? (step.Text("dataset") is null != (step.Text("table") is null) ? "with.dataset: give dataset and table together, or neither (the model's last data)." : null)
        ?? (step.Text("dataset") is not null ? step.Require("labelColumn") : null);

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var model = context.Step.Text("model")!;
        if (context.State["requested"] is null)
        {
            var data = context.Step.Text("dataset") is { } dataset
                ? new TrainingDataRef
                {
                    TenantId = context.Run.TenantId, Dataset = dataset, Table = context.Step.Text("table")!, LabelColumn = context.Step.Text("labelColumn")!,
                    Load = context.Step.Text("load") ?? TrainingDataRef.Latest,
                }
                : null;
            await outbox.EnqueueAsync(context.Transaction, new RequestRetraining
            {
                Id = context.MessageId("retrain"), TenantId = context.Run.TenantId, ModelName = model, Data = data,
                Reason = $"incident {context.Run.IncidentId}, runbook {context.Run.Runbook} step {context.Step.Id}",
            }, cancellationToken);
            context.State["requested"] = context.Now.ToString("O");
            return new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
        var registered = await PlatformFacts.FirstSinceAsync(context.Transaction, context.Run.TenantId, PlatformFacts.VersionRegistered, model,
            context.StartedAt, _ => true, cancellationToken);
        if (registered is not { } fact)
        {
            return new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
        var version = fact.GetProperty("version").GetInt32();
        // The trainer makes a retrained version the challenger; a canary after this step needs inference to serve it.
        var waitServing = context.Step.Flag("waitServing", true);
        if (waitServing && await PlatformFacts.FirstSinceAsync(context.Transaction, context.Run.TenantId, PlatformFacts.Serving, model, context.StartedAt,
                f => f.GetProperty("alias").GetString() == "challenger" && f.GetProperty("version").GetInt32() == version, cancellationToken) is null)
        {
            return new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
        return new StepOutcome.Done($"{model} retrained: v{version} registered" + (waitServing ? " and served as challenger" : ""),
            new JsonObject { ["model"] = model, ["version"] = version });
    }
}

/// <summary>
/// wait_for {condition: drift_clean, model, kind = data} | {condition: quiet, duration} | {condition: slo_ok, slo}: holds until a
/// window of the model's current champion closes clean (kind: data, performance or any), until no alert arrived for the
/// duration, or until neither of the objective's burn-rate alerts' conditions holds (as Prometheus reports now).
/// </summary>
public sealed class WaitForStep(Slos.ObjectiveStore objectives, Slos.SloBurn burn) : IStepType
{
    private static readonly string[] Kinds = [DriftDetected.DataKind, DriftDetected.PerformanceKind, "any"];

    public string Type => "wait_for";

    public string? Validate(RunbookStep step) => step.Text("condition") switch
    {
        "drift_clean" => step.Require("model")
            ?? (step.Text("kind") is { } kind && !Kinds.Contains(kind) ? $"with.kind: one of {string.Join(", ", Kinds)}." : null),
        "quiet" => Rules.RuleDuration.TryParse(step.Text("duration"), out _) ? null : "with.duration: a duration such as 30s, 10m or 6h.",
        "slo_ok" => step.Require("slo"),
        var other => $"with.condition: 'drift_clean', 'quiet' or 'slo_ok', not '{other}'.",
    };

    public async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.Step.Text("condition") == "slo_ok")
        {
            return await SloOkAsync(context, cancellationToken);
        }
        if (context.Step.Text("condition") == "quiet")
        {
            Rules.RuleDuration.TryParse(context.Step.Text("duration"), out var quiet);
            var lastAlert = await Dapper.SqlMapper.ExecuteScalarAsync<DateTime?>(context.Transaction.Connection!, new Dapper.CommandDefinition(
                "SELECT last_alert_at FROM incidents WHERE id = @id", new { id = context.Run.IncidentId }, context.Transaction, cancellationToken: cancellationToken));
            var since = new[] { context.StartedAt, lastAlert is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : context.StartedAt }.Max();
            return context.Now - since >= quiet
                ? new StepOutcome.Done($"No alert for {quiet}")
                : new StepOutcome.Waiting(since + quiet - context.Now);
        }
        var model = context.Step.Text("model")!;
        var kind = context.Step.Text("kind") ?? DriftDetected.DataKind;
        // The version that matters is the one serving now: a clean window of the version just replaced proves nothing.
        var champion = await PlatformFacts.ChampionAsync(context.Transaction, context.Run.TenantId, model, cancellationToken) ?? 0;
        var clean = await PlatformFacts.FirstSinceAsync(context.Transaction, context.Run.TenantId, PlatformFacts.WindowEvaluated, model, context.StartedAt,
            f => !f.GetProperty("drifted").GetBoolean() && (champion == 0 || f.GetProperty("version").GetInt32() == champion)
                && (kind == "any" || (f.TryGetProperty("kind", out var k) ? k.GetString() : DriftDetected.DataKind) == kind), cancellationToken);
        return clean is { } window
            ? new StepOutcome.Done($"{model} v{window.GetProperty("version").GetInt32()}: a clean {(kind == DriftDetected.PerformanceKind ? "performance" : "drift")} window closed at {window.GetProperty("closedAt").GetDateTime():O}",
                new JsonObject { ["window"] = window.GetProperty("windowId").GetGuid(), ["version"] = window.GetProperty("version").GetInt32() })
            : new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
    }

    private async Task<StepOutcome> SloOkAsync(StepContext context, CancellationToken cancellationToken)
    {
        var name = context.Step.Text("slo")!;
        if ((await objectives.GetAsync(context.Run.TenantId, name, cancellationToken))?.As<Slos.Objective>() is not { } objective)
        {
            return new StepOutcome.Failed($"the tenant has no SLO named '{name}'", Retryable: false);
        }
        try
        {
            var report = (await burn.ReportAsync(context.Run.TenantId, [objective], cancellationToken))[0];
            var burning = report.Alerts.Where(a => a.Burning).Select(a => a.Severity).ToList();
            return burning.Count == 0
                ? new StepOutcome.Done($"SLO {name} burns under both alert thresholds",
                    new JsonObject { ["slo"] = name, ["budgetRemaining"] = report.BudgetRemaining })
                : new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
        catch (Slos.PrometheusUnavailableException)
        {
            // Not knowing is not recovery: keep waiting until the step's timeout decides.
            return new StepOutcome.Waiting(TimeSpan.FromSeconds(1));
        }
    }
}
