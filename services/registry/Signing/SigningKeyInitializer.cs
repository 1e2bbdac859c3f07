using Dapper;
using Npgsql;

namespace MlOps.Registry.Signing;

/// <summary>Loads the registry's signing key at start, creating it on first start (one key for all replicas).</summary>
public sealed class SigningKeyInitializer(NpgsqlDataSource db, ModelSigner signer) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Replicas starting together: the lock makes exactly one of them create the key.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(7301)", transaction: transaction, cancellationToken: cancellationToken));
        var (privateKey, publicKey) = ModelSigner.CreateKeyPair();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO signing_keys (id, public_key, private_key) SELECT @id, @publicKey, @privateKey WHERE NOT EXISTS (SELECT 1 FROM signing_keys)",
            new { id = Guid.CreateVersion7(), publicKey, privateKey }, transaction, cancellationToken: cancellationToken));
        var key = await connection.QueryFirstAsync<(Guid Id, byte[] PrivateKey)>(new CommandDefinition(
            "SELECT id, private_key FROM signing_keys ORDER BY created_at LIMIT 1", transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        signer.Load(key.Id, key.PrivateKey);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
