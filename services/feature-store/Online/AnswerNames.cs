using System.Text;
using System.Text.Json;
using MlOps.FeatureStore.Definitions;

namespace MlOps.FeatureStore.Online;

/// <summary>A feature service's names as its answers write them, encoded once.</summary>
public sealed class AnswerNames(ResolvedService service)
{
    public IReadOnlyList<string> Columns { get; } = service.Columns;

    public IReadOnlyList<string> JoinKeys { get; } = service.JoinKeys;

    public IReadOnlyList<View> Views { get; } = [.. service.Views.Select(v => new View(JsonEncodedText.Encode(v.Name),
        [.. v.Features.Select(f => Encoding.UTF8.GetBytes(f.Name!))], [.. v.Features.Select(f => JsonEncodedText.Encode(v.Column(f)))]))];

    /// <summary>One view: its name, its served features' names (UTF-8, as stored) and their columns.</summary>
    public sealed record View(JsonEncodedText Name, byte[][] Features, JsonEncodedText[] Columns);
}
