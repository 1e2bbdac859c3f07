using System.Text.Json;
using Dapper;
using Npgsql;

namespace MlOps.Incident.Runbooks;

/// <summary>What other services announced (recorded by the fact consumers), read by steps that wait for it.</summary>
public static class PlatformFacts
{
    public const string AliasChanged = "alias_changed";
    public const string VersionRegistered = "version_registered";
    public const string Serving = "serving";
    public const string WindowEvaluated = "window_evaluated";
    public const string CanaryDecided = "canary_decided";

    public static Task RecordAsync(NpgsqlTransaction transaction, string tenant, string kind, string subject, object data, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO platform_facts (tenant_id, kind, subject, data) VALUES (@tenant, @kind, @subject, @data::jsonb)",
            new { tenant, kind, subject, data = JsonSerializer.Serialize(data, JsonSerializerOptions.Web) }, transaction, cancellationToken: cancellationToken));

    /// <summary>Every fact of a kind about a subject since a time that satisfies <paramref name="match"/>, oldest first (at most 1,000 looked at).</summary>
    public static async Task<IReadOnlyList<JsonElement>> AllSinceAsync(NpgsqlTransaction transaction, string tenant, string kind, string subject,
        DateTimeOffset since, Func<JsonElement, bool> match, CancellationToken cancellationToken) =>
        (await transaction.Connection!.QueryAsync<string>(new CommandDefinition(
            "SELECT data::text FROM platform_facts WHERE tenant_id = @tenant AND kind = @kind AND subject = @subject AND at >= @since ORDER BY id LIMIT 1000",
            new { tenant, kind, subject, since = since.UtcDateTime }, transaction, cancellationToken: cancellationToken)))
        .Select(fact => JsonDocument.Parse(fact).RootElement.Clone()).Where(match).ToList();

    /// <summary>
    /// The model's champion as the registry last announced it: a version, 0 when its last move cleared the alias, null when no move
    /// was heard of.
    /// </summary>
    public static async Task<int?> ChampionAsync(NpgsqlTransaction transaction, string tenant, string model, CancellationToken cancellationToken) =>
        await transaction.Connection!.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            SELECT coalesce(data->>'newVersion', '0') FROM platform_facts
            WHERE tenant_id = @tenant AND kind = @kind AND subject = @model AND data->>'alias' = 'champion' ORDER BY id DESC LIMIT 1
            """, new { tenant, kind = AliasChanged, model }, transaction, cancellationToken: cancellationToken)) is { } version
            ? int.Parse(version, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The first fact of a kind about a subject since a time that satisfies <paramref name="match"/>, oldest first.</summary>
    public static async Task<JsonElement?> FirstSinceAsync(NpgsqlTransaction transaction, string tenant, string kind, string subject, DateTimeOffset since,
        Func<JsonElement, bool> match, CancellationToken cancellationToken) =>
        (await AllSinceAsync(transaction, tenant, kind, subject, since, match, cancellationToken)) is { Count: > 0 } found ? found[0] : null;
}
