using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using MlOps.Incident.Rules;
using MlOps.Incident.Runbooks;
using MlOps.Incident.Services;
using Npgsql;

namespace MlOps.Incident.Definitions;

/// <summary>
/// The rules and runbooks the platform ships (model-drift, model-regression, llm-cost-runaway, guardrail-attack): each tenant
/// receives them once, as version 1 by "platform", before its first alert or its first look at its rules; from then on they are
/// the tenant's own to edit or delete.
/// </summary>
public sealed class ShippedDefinitions
{
    public const string Actor = "platform";

    // Tenants known to have received them: a receipt is never undone, so the hot alert path skips the INSERT for them.
    private readonly MemoryCache _received = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly RuleStore _rules;
    private readonly RunbookStore _runbooks;
    private readonly IOptions<IncidentOptions> _options;

    public ShippedDefinitions(RuleStore rules, RunbookStore runbooks, RunbookValidator runbookValidator, IOptions<IncidentOptions> options)
    {
        (_rules, _runbooks, _options) = (rules, runbooks, options);
        Runbooks = Load<RunbookDefinition>("runbook.");
        Rules = Load<AlertRule>("rule.");
        // A shipped definition the validators refuse is a bug of ours: fail at start, not at a tenant's first alert.
        if (Runbooks.Select(r => runbookValidator.Validate(r) is { } problem ? $"runbook {r.Name}: {problem}" : null)
                .Concat(Rules.Select(r => RuleValidator.Validate(r) is { } problem ? $"rule {r.Name}: {problem}" : null))
                .Concat(Rules.Where(r => r.Runbook is { } name && Runbooks.All(b => b.Name != name)).Select(r => $"rule {r.Name}: no shipped runbook {r.Runbook}"))
                .FirstOrDefault(p => p is not null) is { } broken)
        {
            throw new InvalidOperationException("A shipped definition is invalid: " + broken);
        }
    }

    public IReadOnlyList<RunbookDefinition> Runbooks { get; }

    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>Gives the tenant the shipped definitions unless it already received them (or is not one that receives them).</summary>
    public async Task EnsureAsync(NpgsqlTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        if (!Receives(tenant) || _received.TryGetValue(tenant, out _))
        {
            return;
        }
        if (await transaction.Connection!.ExecuteAsync(new CommandDefinition(
                "INSERT INTO tenant_defaults (tenant_id) VALUES (@tenant) ON CONFLICT DO NOTHING", new { tenant }, transaction,
                cancellationToken: cancellationToken)) == 0)
        {
            // Nothing inserted: the receipt is committed (ON CONFLICT waits for a concurrent inserter's outcome), safe to remember.
            _received.Set(tenant, true, new MemoryCacheEntryOptions { Size = 1 });
            return;
        }
        foreach (var runbook in Runbooks)
        {
            await _runbooks.SeedAsync(transaction, tenant, runbook.Name, runbook, Actor, cancellationToken);
        }
        foreach (var rule in Rules)
        {
            await _rules.SeedAsync(transaction, tenant, rule.Name, rule, Actor, cancellationToken);
        }
    }

    /// <summary>The same in a transaction of its own (for the read APIs).</summary>
    public async Task EnsureAsync(NpgsqlDataSource db, string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await EnsureAsync(transaction, tenant, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private bool Receives(string tenant) =>
        _options.Value.ShippedDefinitionsTenants.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(pattern =>
            pattern.EndsWith('*') ? tenant.StartsWith(pattern[..^1], StringComparison.Ordinal) : tenant == pattern);

    private static List<T> Load<T>(string prefix)
    {
        var assembly = typeof(ShippedDefinitions).Assembly;
        return [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith("shipped/" + prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(n => JsonSerializer.Deserialize<T>(assembly.GetManifestResourceStream(n)!, JsonSerializerOptions.Web)!)];
    }
}

/// <summary>Routes over a tenant's rules and runbooks see the shipped ones from the first call.</summary>
public static class ShippedDefinitionsFilter
{
    public static RouteGroupBuilder WithShippedDefinitions(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        if (MlOps.ServiceDefaults.Identity.CallerIdentity.Of(http) is { } caller)
        {
            await http.RequestServices.GetRequiredService<ShippedDefinitions>()
                .EnsureAsync(http.RequestServices.GetRequiredService<NpgsqlDataSource>(), caller.Tenant, http.RequestAborted);
        }
        return await next(context);
    });
}
