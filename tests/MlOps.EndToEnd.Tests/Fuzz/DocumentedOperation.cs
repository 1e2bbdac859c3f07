namespace MlOps.EndToEnd.Tests.Fuzz;

/// <summary>A POST, PUT or PATCH operation from a service's OpenAPI document, its path already filled in.</summary>
/// <param name="Path">The gateway path, parameters filled (ids as random GUIDs, names as existing resources).</param>
/// <param name="MediaTypes">The request media types the document names (none when the handler reads the body itself).</param>
/// <param name="Properties">The top-level properties of the request body's schema, per media type merged.</param>
public sealed record DocumentedOperation(string Method, string Template, string Path, IReadOnlyList<string> MediaTypes,
    IReadOnlyList<SchemaProperty> Properties)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>A top-level property of a request body: its JSON type (integer, number, boolean, array, object or string), and a valid value when known.</summary>
public sealed record SchemaProperty(string Name, string Type, string? Format, string? FirstEnumValue, string? Example = null);
