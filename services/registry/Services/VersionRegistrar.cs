using System.Text.Json;
using Dapper;
using MlOps.Contracts;
using MlOps.Registry.Artifacts;
using MlOps.Registry.Model;
using MlOps.Registry.Signing;
using MlOps.Registry.Webhooks;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Registry.Services;

/// <summary>
/// Turns a staged, validated artifact into the model's next version: stores the artifact under its digest, signs it,
/// and writes the version, its audit entry and ModelVersionRegistered in one transaction.
/// </summary>
public sealed class VersionRegistrar(NpgsqlDataSource db, ModelSigner signer, OutboxWriter outbox)
{
    public async Task<int?> RegisterAsync(string tenant, string model, RegistryCaller caller, StagedArtifact artifact,
        IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, VersionMetadata metadata, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await transaction.LockModelAsync(tenant, model, cancellationToken) is not { } modelId)
        {
            return null;
        }
        var version = 1 + await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(max(version), 0) FROM model_versions WHERE model_id = @modelId", new { modelId }, transaction, cancellationToken: cancellationToken));
        // Stored before the row commits: a crash in between leaves an unreferenced blob, never a version without its artifact.
        await artifact.CommitAsync();
        var signature = signer.Sign(tenant, model, version, artifact.Digest);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO model_versions (id, tenant_id, model_id, version, status, description, tags, metrics, params, lineage,
                                        input_schema, output_schema, input_example, reference_profile, artifact_digest, artifact_size, signature, signing_key_id, created_by_key)
            VALUES (@id, @tenant, @modelId, @version, 'ready', @description, @tags::jsonb, @metrics::jsonb, @params::jsonb, @lineage::jsonb,
                    @inputs::jsonb, @outputs::jsonb, @inputExample::jsonb, @profile::jsonb, @digest, @size, @signature, @keyId, @createdBy)
            """,
            new
            {
                id = Guid.CreateVersion7(), tenant, modelId, version, description = metadata.Description ?? "",
                tags = Json(metadata.Tags ?? []), metrics = Json(metadata.Metrics ?? []), @params = Json(metadata.Params ?? []),
                lineage = Json(metadata.Lineage ?? new VersionLineage(null, null, null, null)),
                inputs = Json(inputs), outputs = Json(outputs), inputExample = metadata.InputExample?.GetRawText(), profile = metadata.ReferenceProfile?.GetRawText(),
                digest = artifact.Digest, size = artifact.Size, signature, keyId = signer.KeyId, createdBy = caller.KeyId,
            }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, tenant, caller, "version.registered", $"model:{model}/version:{version}", null,
            new { version, digest = artifact.Digest, artifact.Size }, cancellationToken);
        var registered = new ModelVersionRegistered { TenantId = tenant, ModelName = model, Version = version, ArtifactDigest = artifact.Digest };
        await outbox.EnqueueAsync(transaction, registered, cancellationToken);
        await WebhookEvents.QueueAsync(transaction, WebhookEvents.VersionRegistered, registered, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    public async Task<ModelVersionResponse?> ReadAsync(string tenant, string model, int version, CancellationToken cancellationToken) =>
        (await db.FindVersionAsync(tenant, model, version, cancellationToken))?.ToResponse();

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
