using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MlOps.Registry.Artifacts;
using MlOps.Registry.Model;
using MlOps.Registry.Services;
using MlOps.ServiceDefaults.Api;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Registry.Apis;

/// <summary>
/// POST /models/{name}/versions as multipart/form-data: an optional JSON part "metadata", then the part "artifact"
/// (the ONNX file), streamed to the artifact store while hashing; nothing is buffered whole and nothing is kept on failure.
/// </summary>
public static class VersionUpload
{
    public static async Task<Results<Created<ModelVersionResponse>, ValidationProblem, ProblemHttpResult>> UploadVersion(
        string name, HttpRequest request, TenantId tenant, RegistryCaller caller, NpgsqlDataSource db,
        IArtifactStore store, VersionRegistrar registrar, IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        if (!caller.Has(RegistryCaller.WriteScope))
        {
            return RegistryProblems.MissingScope(RegistryCaller.WriteScope);
        }
        if (await db.FindModelAsync(tenant, name, cancellationToken) is null)
        {
            return RegistryProblems.ModelNotFound(name);
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return RegistryProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send multipart/form-data with an optional JSON part 'metadata' followed by the ONNX file in the part 'artifact'.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var metadata = new VersionMetadata(null, null, null, null, null, null);
        while (true)
        {
            var (section, malformed) = await NextSectionAsync(reader, cancellationToken);
            if (malformed is not null)
            {
                return RegistryProblems.Problem(StatusCodes.Status400BadRequest, "Malformed multipart body", malformed);
            }
            if (section is null)
            {
                break;
            }
            var part = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ? HeaderUtilities.RemoveQuotes(disposition.Name).Value : null;
            if (part == "metadata")
            {
                try
                {
                    metadata = await JsonSerializer.DeserializeAsync<VersionMetadata>(section.Body, JsonSerializerOptions.Web, cancellationToken) ?? metadata;
                }
                catch (JsonException e)
                {
                    return ValidationProblems.Answer(new Dictionary<string, string[]> { ["metadata"] = [$"not valid JSON for a version: {e.Message}"] });
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    return RegistryProblems.Problem(StatusCodes.Status400BadRequest, "Malformed multipart body", e.Message);
                }
                // The rules AddValidation would run on it as a body, answered in the same shape under metadata.<field>.
                if (ValidationProblems.Validate(metadata, request.HttpContext.RequestServices, "metadata") is { Count: > 0 } errors)
                {
                    return ValidationProblems.Answer(errors);
                }
            }
            else if (part == "artifact")
            {
                return await StoreAsync(name, tenant, caller, store, registrar, options.Value, section.Body, metadata, cancellationToken);
            }
        }
        return RegistryProblems.Invalid("artifact", "The multipart body has no part named 'artifact' with the ONNX file.");
    }

    // A boundary that never comes, a header past the reader's limits or a body cut short: the client's mistake, said so.
    private static async Task<(MultipartSection? Section, string? Malformed)> NextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return (await reader.ReadNextSectionAsync(cancellationToken), null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return (null, e.Message);
        }
    }

    private static async Task<Results<Created<ModelVersionResponse>, ValidationProblem, ProblemHttpResult>> StoreAsync(
        string name, TenantId tenant, RegistryCaller caller, IArtifactStore store, VersionRegistrar registrar, RegistryOptions options,
        Stream content, VersionMetadata metadata, CancellationToken cancellationToken)
    {
        StagedArtifact staged;
        try
        {
            staged = await store.StageAsync(content, options.MaxArtifactBytes, cancellationToken);
        }
        catch (ArtifactTooLargeException e)
        {
            return RegistryProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Artifact too large", e.Message);
        }
        catch (IOException)
        {
            // The client went away mid-upload: the staged bytes are already gone and no version exists.
            return RegistryProblems.Problem(StatusCodes.Status400BadRequest, "Upload incomplete", "The artifact upload ended before the file was complete; nothing was stored.");
        }
        await using (staged)
        {
            IReadOnlyList<TensorSpec> inputs, outputs;
            try
            {
                (inputs, outputs) = OnnxSchemaReader.Read(staged.Path);
            }
            catch (InvalidOnnxModelException e)
            {
                return RegistryProblems.Problem(StatusCodes.Status422UnprocessableEntity, "Not an ONNX model", $"The artifact could not be loaded as an ONNX model: {e.Message}");
            }
            catch (ExternalDataException e)
            {
                return RegistryProblems.Problem(StatusCodes.Status422UnprocessableEntity, "External data not accepted", $"The model's {e.Message}.");
            }
            var version = await registrar.RegisterAsync(tenant.Value, name, caller, staged, inputs, outputs, metadata, cancellationToken);
            if (version is null)
            {
                return RegistryProblems.ModelNotFound(name);
            }
            return TypedResults.Created($"/models/{name}/versions/{version}", (await registrar.ReadAsync(tenant.Value, name, version.Value, cancellationToken))!);
        }
    }
}
