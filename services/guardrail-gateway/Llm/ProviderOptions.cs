using System.ComponentModel.DataAnnotations;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// One provider: an OpenAI-compatible endpoint or an Azure OpenAI resource, its key (a secret), and the models it serves
/// (none listed, or "*": any).
/// </summary>
public sealed class ProviderOptions
{
    public const string OpenAi = "openai";
    public const string Azure = "azure";

    [Required]
    public string Name { get; set; } = "";

    /// <summary>"openai" (any OpenAI-compatible endpoint) or "azure" (Azure OpenAI: deployments and api-version, key in an api-key header).</summary>
    [RegularExpression("^(openai|azure)$", ErrorMessage = "Kind must be 'openai' or 'azure'.")]
    public string Kind { get; set; } = OpenAi;

    /// <summary>
    /// OpenAI-compatible: the base address including the API version segment, e.g. https://api.openai.com/v1/.
    /// Azure OpenAI: the resource, e.g. https://my-resource.openai.azure.com/.
    /// </summary>
    [Required]
    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    // Empty by default: configuration binding appends to a list's initial items instead of replacing them.
    public List<string> Models { get; set; } = [];

    /// <summary>Azure OpenAI: the deployment that serves a model; a model not listed is served by the deployment of its name.</summary>
    public Dictionary<string, string> Deployments { get; set; } = [];

    /// <summary>The name the provider knows the model by: the Azure deployment, or the model itself.</summary>
    public string DeploymentOf(string model) => Kind == Azure && Deployments.TryGetValue(model, out var deployment) ? deployment : model;
}
