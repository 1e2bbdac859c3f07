using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using MlOps.Registry.Artifacts;
using MlOps.Registry.Model;
using MlOps.Registry.Services;
using MlOps.Registry.Signing;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Registry.Apis;

public static class VersionsApi
{
    public static IEndpointRouteBuilder MapVersionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/models/{name}/versions").WithTags("Versions");
        api.MapPost("/", VersionUpload.UploadVersion).ProducesValidationProblem().WithName("RegisterVersion").WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute()).DisableAntiforgery()
            .WithSummary("Registers the next version: multipart 'metadata' (JSON, optional) then 'artifact' (ONNX), streamed (registry:write).");
        api.MapGet("/", ListVersions).WithName("ListVersions").WithSummary("Lists a model's versions, oldest first.");
        api.MapGet("/{version:int}", GetVersion).WithName("GetVersion").WithSummary("Gets one version with its schema, metrics, lineage and signature.");
        api.MapGet("/{version:int}/artifact", DownloadArtifact).WithName("DownloadArtifact")
            .WithSummary("Downloads the ONNX artifact (ETag, Range); the digest is checked before anything is sent.");
        api.MapGet("/{version:int}/profile", GetReferenceProfile).WithName("GetReferenceProfile")
            .WithSummary("The reference data profile registered with the version (per-feature distribution and sample), for drift.");
        api.MapGet("/{version:int}/verification", VerifyVersion).WithName("VerifyVersion").WithSummary("Re-hashes the stored artifact and checks its signature.");
        app.MapGet("/signing-key", GetSigningKey).WithTags("Signing").WithName("GetSigningKey").WithSummary("The public key that verifies version signatures.");
        return app;
    }

    public static async Task<Results<Ok<Page<ModelVersionResponse>>, ProblemHttpResult>> ListVersions(
        string name, TenantId tenant, PageRequest page, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        if (await db.FindModelAsync(tenant, name, cancellationToken) is null)
        {
            return RegistryProblems.ModelNotFound(name);
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ModelVersionRow>(new CommandDefinition(
            $"{ModelVersionRow.SelectFrom} WHERE m.tenant_id = @tenant AND m.name = @name AND (@after::uuid IS NULL OR v.id > @after::uuid) ORDER BY v.id LIMIT @limit",
            new { tenant = tenant.Value, name, after = page.After, limit = page.Limit + 1 }, cancellationToken: cancellationToken))).AsList();
        var versions = page.ToPage(rows, r => r.Id);
        return TypedResults.Ok(new Page<ModelVersionResponse>(versions.Items.Select(r => r.ToResponse()).ToList(), versions.NextCursor));
    }

    public static async Task<Results<Ok<ModelVersionResponse>, ProblemHttpResult>> GetVersion(string name, int version, TenantId tenant, NpgsqlDataSource db, CancellationToken cancellationToken) =>
        await db.FindVersionAsync(tenant.Value, name, version, cancellationToken) is { } row ? TypedResults.Ok(row.ToResponse()) : RegistryProblems.VersionNotFound(name, version);

    public static async Task<IResult> DownloadArtifact(string name, int version, TenantId tenant, NpgsqlDataSource db, IArtifactStore store,
        HttpResponse response, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await db.FindVersionAsync(tenant.Value, name, version, cancellationToken) is not { } row)
        {
            return RegistryProblems.VersionNotFound(name, version);
        }
        if (!await store.VerifyAsync(row.ArtifactDigest, cancellationToken))
        {
            RegistryLog.ArtifactTampered(loggers.CreateLogger(typeof(IArtifactStore).FullName!), name, version, row.ArtifactDigest);
            return RegistryProblems.Problem(StatusCodes.Status409Conflict, "Artifact integrity check failed",
                $"The stored artifact of '{name}' version {version} no longer has its registered sha256 {row.ArtifactDigest}; it is not served.");
        }
        response.Headers["X-MlOps-Artifact-Sha256"] = row.ArtifactDigest;
        response.Headers["X-MlOps-Signature"] = row.Signature;
        response.Headers["X-MlOps-Signing-Key-Id"] = row.SigningKeyId.ToString();
        return TypedResults.Stream((await store.OpenReadAsync(row.ArtifactDigest, cancellationToken))!, "application/octet-stream", $"{name}-v{version}.onnx",
            entityTag: new EntityTagHeaderValue($"\"sha256-{row.ArtifactDigest}\""), enableRangeProcessing: true);
    }

    public static async Task<IResult> GetReferenceProfile(string name, int version, TenantId tenant, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<(bool Exists, string? Profile)>(new CommandDefinition(
            """
            SELECT true, v.reference_profile::text FROM model_versions v JOIN registered_models m ON m.id = v.model_id
            WHERE m.tenant_id = @tenant AND m.name = @name AND v.version = @version
            """, new { tenant = tenant.Value, name, version }, cancellationToken: cancellationToken));
        return found switch
        {
            { Exists: false } => RegistryProblems.VersionNotFound(name, version),
            { Profile: null } => RegistryProblems.Problem(StatusCodes.Status404NotFound, "No reference profile", $"Version {version} of '{name}' was registered without a reference profile."),
            _ => TypedResults.Text(found.Profile, "application/json"),
        };
    }

    public static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> VerifyVersion(string name, int version, TenantId tenant, NpgsqlDataSource db,
        IArtifactStore store, ModelSigner signer, CancellationToken cancellationToken)
    {
        if (await db.FindVersionAsync(tenant.Value, name, version, cancellationToken) is not { } row)
        {
            return RegistryProblems.VersionNotFound(name, version);
        }
        var digestMatches = await store.VerifyAsync(row.ArtifactDigest, cancellationToken);
        var signatureValid = row.SigningKeyId == signer.KeyId && ModelSigner.Verify(signer.PublicKey, row.TenantId, name, version, row.ArtifactDigest, row.Signature);
        return TypedResults.Ok(new VerificationResponse(name, version, row.ArtifactDigest, digestMatches, signatureValid, row.SigningKeyId));
    }

    public static Ok<SigningKeyResponse> GetSigningKey(ModelSigner signer) =>
        TypedResults.Ok(new SigningKeyResponse(signer.KeyId, "Ed25519", Convert.ToBase64String(signer.PublicKey), "mlops.model.v1|{tenant}|{model}|{version}|sha256:{digest}"));
}
