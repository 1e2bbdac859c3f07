using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace MlOps.Ingest.Pipelines;

/// <summary>Protects a pipeline's whole source config at rest (secrets included); only a run unprotects it.</summary>
public sealed class PipelineSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("MlOps.Ingest.PipelineSource.v1");

    public string Protect(JsonElement config) => _protector.Protect(config.GetRawText());

    public JsonElement Unprotect(string protectedConfig) => JsonDocument.Parse(_protector.Unprotect(protectedConfig)).RootElement.Clone();
}
