using System.Text.Json;
using Dapper;
using Npgsql;

namespace MlOps.Incident.Lifecycle;

/// <summary>Appends to an incident's timeline in the caller's transaction, so an entry exists exactly when its change does.</summary>
public static class Timeline
{
    public static Task AppendAsync(NpgsqlTransaction transaction, Guid incident, string kind, string actor, string summary,
        object? detail, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO incident_timeline (incident_id, kind, actor, summary, detail) VALUES (@incident, @kind, @actor, @summary, @detail::jsonb)",
            new { incident, kind, actor, summary, detail = detail is null ? null : JsonSerializer.Serialize(detail, JsonSerializerOptions.Web) },
            transaction, cancellationToken: cancellationToken));
}
