using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using MlOps.Incident.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace MlOps.Incident.Runbooks;

/// <summary>
/// A runbook as sent: JSON, or YAML (application/yaml, text/yaml) read into the same shape. Validated by AddValidation: a body
/// that could not be read, or the runbook's rule book (<see cref="RunbookValidator"/>, shared with the shipped runbooks).
/// </summary>
public sealed record RunbookBody(RunbookDefinition? Definition, string? Problem) : IValidatableObject
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();

    private static readonly ISerializer YamlAsJson = new SerializerBuilder().JsonCompatible().Build();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Definition is null
        ? FieldProblem.Of(Problem ?? "body: a runbook is required.")
        : FieldProblem.Of(((RunbookValidator)validationContext.GetService(typeof(RunbookValidator))!).Validate(Definition));

    public static async ValueTask<RunbookBody?> BindAsync(HttpContext context)
    {
        var type = context.Request.ContentType ?? "";
        var yaml = type.StartsWith("application/yaml", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/yaml", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/x-yaml", StringComparison.OrdinalIgnoreCase);
        try
        {
            if (!yaml)
            {
                return new RunbookBody(await JsonSerializer.DeserializeAsync<RunbookDefinition>(context.Request.Body, JsonSerializerOptions.Web,
                    context.RequestAborted), null);
            }
            // The body is bounded by the service's request size limit before it is read.
            using var reader = new StreamReader(context.Request.Body);
            var document = Yaml.Deserialize<object?>(await reader.ReadToEndAsync(context.RequestAborted));
            return new RunbookBody(JsonSerializer.Deserialize<RunbookDefinition>(YamlAsJson.Serialize(document), JsonSerializerOptions.Web), null);
        }
        catch (YamlException e)
        {
            return new RunbookBody(null, $"body: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        catch (JsonException e)
        {
            return new RunbookBody(null, $"body: not a runbook{(e.Path is { Length: > 0 } path ? $" at {path}" : "")}: {e.Message}");
        }
    }
}
