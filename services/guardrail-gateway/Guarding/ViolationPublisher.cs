using System.Security.Cryptography;
using System.Text;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Identity;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.GuardrailGateway.Guarding;

/// <summary>Publishes GuardrailViolated through the outbox for a blocked or flagged scan: kinds, spans, scores and a hash of the input, never the text.</summary>
public sealed class ViolationPublisher(NpgsqlDataSource db, OutboxWriter outbox, IHttpContextAccessor requests)
{
    /// <summary>Publishes when the verdict is block or flag; allow and redact are not violations.</summary>
    public async Task PublishIfViolatedAsync(string tenant, ScanResponse result, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        if (result.Action is not ("block" or "flag"))
        {
            return;
        }
        var decisive = result.Findings.First(f => f.Action == result.Action);
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await outbox.EnqueueAsync(transaction, new GuardrailViolated
        {
            TenantId = tenant,
            Scanner = decisive.Scanner,
            Action = result.Action,
            InputHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u241E', texts)))),
            Findings = [.. result.Findings.Select(f => new GuardrailFinding(f.Kind, f.Start, f.Length, f.Score))],
            // The caller's key (its token's subject), so a burst from one key can be answered by blocking that key.
            KeyId = requests.HttpContext is { } http && Guid.TryParse(CallerIdentity.Of(http)?.Subject, out var key) ? key : null,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
